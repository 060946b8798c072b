import { HTTP_STATUS_OF_KIND } from '../../common/http-exception.filter.js';
import type { IeumException } from '../../common/ieum.exception.js';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page a browser sees when single sign-on ends without a session: the code and both languages. */
export function refusalPage(error: IeumException | undefined, signInUrl: string): { status: number; html: string } {
  const code = error?.code ?? 'INTERNAL_ERROR';
  const text = error?.text ?? {
    ko: '로그인 중 문제가 발생했습니다. 잠시 후 다시 시도하세요.',
    en: 'Something went wrong while signing in. Please try again in a moment.',
  };
  const html = `<!doctype html>
<html lang="ko">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>로그인할 수 없습니다 / Cannot sign in</title></head>
<body>
<main>
<h1>로그인할 수 없습니다 <span lang="en">/ Cannot sign in</span></h1>
<p role="alert" data-code="${escape(code)}">${escape(text.ko)}</p>
<p lang="en">${escape(text.en)}</p>
<p>오류 코드 <span lang="en">/ Error code</span>: <code>${escape(code)}</code></p>
<p><a href="${escape(signInUrl)}">로그인 화면으로 <span lang="en">/ Back to sign-in</span></a></p>
</main>
</body>
</html>
`;
  return { status: HTTP_STATUS_OF_KIND[error?.kind ?? 'internal'], html };
}
