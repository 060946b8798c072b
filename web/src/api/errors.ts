import type { ErrorBody } from './types';

/** An answer of the API that was not 2xx, with its coded body (or one made up for a network fault). */
export class ApiError extends Error {
  constructor(readonly body: ErrorBody) {
    super(body.message);
    this.name = 'ApiError';
  }

  get status(): number {
    return this.body.statusCode;
  }

  get code(): string {
    return this.body.code;
  }

  /** The message in the person's language. */
  text(language: string): string {
    return language.startsWith('en') ? this.body.messages.en : this.body.messages.ko;
  }

  static network(): ApiError {
    return new ApiError({
      statusCode: 0,
      code: 'NETWORK',
      message: 'The server could not be reached.',
      messages: {
        en: 'The server could not be reached. Check your connection and try again.',
        ko: '서버에 연결할 수 없습니다. 네트워크를 확인한 뒤 다시 시도해 주세요.',
      },
    });
  }
}

/** The text to show a person for any error a query or mutation threw. */
export function errorText(error: unknown, language: string): string {
  if (error instanceof ApiError) return error.text(language);
  return language.startsWith('en') ? 'Something went wrong.' : '문제가 발생했습니다.';
}
