import i18n from 'i18next';
import { ApiError } from '../../api/errors';
import type { ErrorBody } from '../../api/types';
import { currentTimeZone } from '../../ui/format';
import type {
  CalendarDayView,
  PublicTopicsView,
  SlotView,
} from '@server/consultations/consultation-availability.service';
import type { CitizenConfirmationView, CitizenConsultationView } from '@server/consultations/consultation.service';
import type { VideoJoinLink } from '@server/bus/capabilities/video-conference.provider';

export type {
  CalendarDayView,
  CitizenConfirmationView,
  CitizenConsultationView,
  PublicTopicsView,
  SlotView,
  VideoJoinLink,
};
export type Topic = PublicTopicsView['topics'][number];

/** The answer to a booking request: the time is held until the citizen confirms it by mail. */
export interface BookingAnswer {
  status: 'pending';
  startsAt: string;
  endsAt: string;
  holdExpiresAt: string;
}

/**
 * The citizen's calls: no session, no cookie, no bearer token (the staff client's http.ts refreshes
 * sessions; a citizen only ever holds the token of a mailed link, which travels in the path).
 */
export async function call<T>(
  path: string,
  options: {
    method?: 'GET' | 'POST';
    query?: Record<string, string | number | undefined>;
    body?: unknown;
  } = {},
): Promise<T> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(options.query ?? {}))
    if (value !== undefined) params.set(key, String(value));
  const search = params.toString();
  let response: Response;
  try {
    response = await fetch(`/public/consultations${path}${search ? `?${search}` : ''}`, {
      method: options.method ?? 'GET',
      credentials: 'omit',
      cache: 'no-store',
      headers: {
        Accept: 'application/json',
        'Accept-Language': i18n.language || 'ko',
        ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw ApiError.network();
  }
  if (response.ok) return (await response.json()) as T;
  const body = (await response.json().catch(() => null)) as ErrorBody | null;
  if (body && typeof body.code === 'string') {
    const retryAfter = Number(response.headers.get('Retry-After'));
    if (retryAfter > 0 && body.details?.['retryAfterSeconds'] === undefined)
      body.details = { ...body.details, retryAfterSeconds: retryAfter };
    throw new ApiError(body);
  }
  throw new ApiError({
    statusCode: response.status,
    code: `HTTP_${response.status}`,
    message: response.statusText,
    messages: {
      en: `The server answered ${response.status}.`,
      ko: `서버가 ${response.status} 오류로 답했습니다.`,
    },
  });
}

/** Two weeks of days from `from`'s day on (the server starts at that day's midnight in the citizen's zone). */
export function daysQuery(from: Date | string): {
  from: string;
  days: number;
  timeZone: string;
} {
  return {
    from: new Date(from).toISOString(),
    days: 14,
    timeZone: currentTimeZone(),
  };
}

export const manageKey = (token: string) => `manage:${token}`;
export const manageCalendarHref = (token: string) =>
  `/public/consultations/manage/${encodeURIComponent(token)}/calendar.ics`;

/** An ApiError's code, or NETWORK/UNKNOWN. */
export function codeOf(error: unknown): string {
  return error instanceof ApiError ? error.code : 'UNKNOWN';
}
