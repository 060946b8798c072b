import type { IncomingMessage } from 'node:http';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { CommonException } from './ieum.exception.js';
import { checkJsonText } from './input-shape.js';

/**
 * The largest JSON body each part of the API takes; the first matching prefix wins. What anyone
 * may call without signing in (sign-in, the citizens' pages, a guest's join, Jitsi's webhooks)
 * takes small bodies; everything else up to DEFAULT_BODY_LIMIT. Files and the org chart are
 * streamed, not parsed here, and have limits of their own.
 */
export const BODY_LIMITS: ReadonlyArray<{ prefix: string; limit: string }> = [
  { prefix: '/auth/', limit: '16kb' },
  { prefix: '/meetings/guest/', limit: '16kb' },
  { prefix: '/public/', limit: '64kb' },
  { prefix: '/webhooks/', limit: '64kb' },
];
export const DEFAULT_BODY_LIMIT = '1mb';

function decode(body: Buffer, charset: string): string {
  if (charset === 'utf-8' || charset === 'utf8') return body.toString('utf8');
  try {
    return new TextDecoder(charset).decode(body);
  } catch {
    throw CommonException.unsupportedEncoding();
  }
}

/** Where the bytes as received are kept beside the parsed body: signatures cover them (incoming webhooks). */
export const RAW_BODY_PREFIXES: readonly string[] = ['/webhooks/in/'];

/** body-parser's hook between reading and parsing: the raw text is checked before JSON.parse sees it. */
function verify(
  request: IncomingMessage & { rawBody?: Buffer },
  _response: unknown,
  body: Buffer,
  charset: string,
): void {
  checkJsonText(decode(body, charset.toLowerCase()));
  if (RAW_BODY_PREFIXES.some((prefix) => request.url?.startsWith(prefix))) request.rawBody = body;
}

/**
 * Parses JSON bodies with body-parser (through express.json), each route with its limit from
 * BODY_LIMITS, the depth and width checked on the text first. Errors go to the exception filter,
 * which answers them coded (INVALID_JSON, PAYLOAD_TOO_LARGE, JSON_TOO_DEEP, JSON_TOO_WIDE).
 */
export function jsonBody(limits = BODY_LIMITS, defaultLimit = DEFAULT_BODY_LIMIT): RequestHandler {
  const parse = (limit: string) => express.json({ limit, verify });
  const byPrefix = limits.map(({ prefix, limit }) => ({ prefix, parser: parse(limit) }));
  const fallback = parse(defaultLimit);
  return (request: Request, response: Response, next: NextFunction) => {
    const parser = byPrefix.find(({ prefix }) => request.path.startsWith(prefix))?.parser ?? fallback;
    parser(request, response, next);
  };
}
