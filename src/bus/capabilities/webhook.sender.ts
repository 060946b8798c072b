/**
 * The outgoing-webhook capability a connector provides (connectors/webhooks is one): it decides
 * whether a subscriber's address may be called at all (the SSRF guard) and makes the call. The
 * domain signs and records; the connector never sees a secret.
 */
export const WEBHOOK_SENDER = Symbol('WEBHOOK_SENDER');

/** Why an address is refused, as a stable reason for codes and delivery records. */
export type WebhookTargetProblem =
  /** Not an http(s) URL, or one carrying a user name or password. */
  | 'invalid_url'
  /** The name does not resolve. */
  | 'unresolvable'
  /** It resolves to (or is) a private, loopback, link-local, unique-local, shared or metadata address. */
  | 'forbidden_address';

export type WebhookTargetCheck =
  { ok: true; addresses: string[] } | { ok: false; problem: WebhookTargetProblem; address?: string };

export interface WebhookRequest {
  url: string;
  /** The JSON body, sent as these exact bytes (the signature covers them). */
  body: string;
  headers: Record<string, string>;
}

export type WebhookResult =
  /** The subscriber answered; `status` is its HTTP status, `excerpt` the start of its body. */
  | { outcome: 'answered'; status: number; excerpt: string }
  /** The address was refused before anything was sent. */
  | { outcome: 'refused'; problem: WebhookTargetProblem; address?: string }
  /** No answer: refused connection, reset, timeout, an oversized answer. */
  | { outcome: 'failed'; error: string };

export interface WebhookSender {
  /** Resolves the URL's host and checks every address it has; reports instead of throwing. */
  checkTarget(url: string): Promise<WebhookTargetCheck>;
  /**
   * POSTs the request to an address checked at connect time (the one the socket really opens,
   * so a name that changes its answer between the check and the call gains nothing). Redirects
   * are not followed; the answer is capped in size and time. Never throws.
   */
  send(request: WebhookRequest): Promise<WebhookResult>;
}
