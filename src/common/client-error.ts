import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { statusBody } from './http-exception.filter.js';

/** What Node's HTTP parser refused, by its error code, as an HTTP status. */
function statusOf(code: string | undefined): number {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return 431;
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return 408;
    default:
      return 400;
  }
}

const REASON: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};

/**
 * Answers requests that Node's HTTP parser refuses before any route sees them (a 100 kB query
 * string is a 431, a broken request line a 400) with the coded JSON body every other error has,
 * where Node would send the status line alone. Korean first: the request's headers were not read.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // Like Node's own answer: only when nothing of a response is on this connection yet.
    const inFlight = (socket as Duplex & { _httpMessage?: { _headerSent?: boolean } })._httpMessage;
    if (error.code === 'ECONNRESET' || !socket.writable || inFlight?._headerSent) {
      socket.destroy();
      return;
    }
    const status = statusOf(error.code);
    const body = JSON.stringify(statusBody(status));
    socket.end(
      `HTTP/1.1 ${status} ${REASON[status] ?? 'Bad Request'}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
