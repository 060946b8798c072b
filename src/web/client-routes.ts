/**
 * The paths the web client owns. Some share their prefix with API routes (`/tasks/<id>` is both a
 * mailed link and a REST resource): a browser navigating gets the page, an API client the JSON.
 * Kept in step with web/src/routes.tsx.
 */
const CLIENT_ROUTES: RegExp[] = [
  /^\/$/,
  /^\/(login|search|settings|notifications)\/?$/,
  /^\/rooms(\/[0-9a-f-]{36})?\/?$/,
  /^\/tasks(\/[0-9a-f-]{36}|\/board|\/new)?\/?$/,
  /^\/memos(\/[0-9a-f-]{36}|\/new|\/sent|\/inbox)?\/?$/,
  /^\/wall(\/[0-9a-f-]{36}|\/reports)?\/?$/,
  /^\/meetings(\/[0-9a-f-]{36}(\/join)?|\/new|\/calendar|\/guest\/[A-Za-z0-9_-]+)?\/?$/,
  /^\/consultations(\/[0-9a-f-]{36}|\/schedule|\/book|\/agency)?\/?$/,
  /^\/consult(\/confirm\/[A-Za-z0-9_.-]+|\/manage\/[A-Za-z0-9_.-]+(\/join|\/move)?|\/book|\/details|\/sent|\/join)?\/?$/,
  /^\/stats(\/meetings)?\/?$/,
  /^\/admin(\/(agencies|users|import|mail|mailbox)(\/[0-9a-f-]{36})?)?\/?$/,
];

export function isClientRoute(pathname: string): boolean {
  return CLIENT_ROUTES.some((route) => route.test(pathname));
}
