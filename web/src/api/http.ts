import i18n from 'i18next';
import { ApiError } from './errors';
import { refresh, session } from './session';
import type { ErrorBody } from './types';

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Record<string, string | number | boolean | undefined | null>;
  body?: unknown;
  /** A raw body (a file upload): sent as is, with its own content type. */
  raw?: Blob;
  signal?: AbortSignal;
  /** Upload progress, 0..1 (uses XMLHttpRequest, the only browser API that reports it). */
  onProgress?: (fraction: number) => void;
}

function url(path: string, query: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

function headers(options: RequestOptions, token: string | null): Record<string, string> {
  return {
    Accept: 'application/json',
    'Accept-Language': i18n.language || 'ko',
    'X-Ieum-Client': 'web',
    ...(token ? { Authorization: `Bearer ${token}` } : {}),
    ...(options.body !== undefined ? { 'Content-Type': 'application/json' } : {}),
    ...(options.raw ? { 'Content-Type': options.raw.type || 'application/octet-stream' } : {}),
  };
}

async function send(path: string, options: RequestOptions, token: string | null): Promise<Response> {
  if (options.onProgress && options.raw) return sendWithProgress(path, options, token);
  try {
    return await fetch(url(path, options.query), {
      method: options.method ?? 'GET',
      credentials: 'same-origin',
      headers: headers(options, token),
      body: options.raw ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined),
      signal: options.signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw ApiError.network();
  }
}

function sendWithProgress(path: string, options: RequestOptions, token: string | null): Promise<Response> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(options.method ?? 'POST', url(path, options.query));
    for (const [key, value] of Object.entries(headers(options, token))) xhr.setRequestHeader(key, value);
    xhr.upload.onprogress = (event) => event.lengthComputable && options.onProgress?.(event.loaded / event.total);
    xhr.onload = () =>
      resolve(
        new Response(xhr.responseText, {
          status: xhr.status,
          headers: { 'Content-Type': xhr.getResponseHeader('Content-Type') ?? 'application/json' },
        }),
      );
    xhr.onerror = () => reject(ApiError.network());
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    options.signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(options.raw ?? null);
  });
}

async function failure(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => null)) as ErrorBody | null;
  if (body && typeof body.code === 'string') return new ApiError(body);
  return new ApiError({
    statusCode: response.status,
    code: `HTTP_${response.status}`,
    message: response.statusText,
    messages: { en: `The server answered ${response.status}.`, ko: `서버가 ${response.status} 오류로 답했습니다.` },
  });
}

/** Calls the API as the signed-in person; an expired access token is refreshed once and the call retried. */
export async function apiResponse(path: string, options: RequestOptions = {}): Promise<Response> {
  let response = await send(path, options, session.accessToken());
  if (response.status === 401 && session.get().status === 'signed-in') {
    const next = await refresh();
    if (next.status === 'signed-in') response = await send(path, options, next.accessToken);
  }
  if (!response.ok) throw await failure(response);
  return response;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await apiResponse(path, options);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** Downloads what the API answers (a file, a CSV) and hands it to the browser as a save. */
export async function download(path: string, fallbackName: string): Promise<void> {
  const response = await apiResponse(path, { query: undefined });
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const name = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const blob = await response.blob();
  const href = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = href;
  link.download = name ? decodeURIComponent(name) : fallbackName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
