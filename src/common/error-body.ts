import type { LocalisedText } from './ieum.exception.js';

/** The one error shape every HTTP response and socket ack uses. */
export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  messages: LocalisedText;
  details?: Record<string, unknown>;
  requestId?: string;
}

export function pickLanguage(acceptLanguage: string | undefined): keyof LocalisedText {
  if (!acceptLanguage) return 'ko';
  const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'ko';
}
