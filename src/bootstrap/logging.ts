import { inspect } from 'node:util';
import { pino, type DestinationStream, type Logger } from 'pino';
import type { AppConfig } from '../config/app-config.js';

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const COLOURS: Record<number, string> = { 10: '90', 20: '36', 30: '32', 40: '33', 50: '31', 60: '35' };
// What every line carries and the readable form shows in its own place, or not at all.
const SHOWN_APART = new Set([
  'level',
  'time',
  'pid',
  'hostname',
  'msg',
  'context',
  'req',
  'res',
  'responseTime',
  'err',
  'error',
]);

interface LogRecord {
  level?: number;
  time?: number;
  msg?: unknown;
  context?: unknown;
  req?: { id?: string | number; method?: unknown; url?: unknown };
  res?: { statusCode?: unknown };
  responseTime?: unknown;
  err?: { stack?: unknown; message?: unknown };
  [key: string]: unknown;
}

/** One record as one readable line (and an error's stack below it): time, level, where from, what. */
export function formatRecord(record: LogRecord, colour: boolean): string {
  const level = record.level ?? 30;
  const time = new Date(record.time ?? Date.now()).toTimeString().slice(0, 8);
  const name = (LEVELS[level] ?? String(level)).padEnd(5);
  const paint = (code: string | undefined, text: string) =>
    colour && code ? `\u001b[${code}m${text}\u001b[39m` : text;
  const parts = [paint('90', time), paint(COLOURS[level], name)];
  if (typeof record.context === 'string' && record.context) parts.push(paint('90', `[${record.context}]`));
  const request =
    record.req && typeof record.req.method === 'string' ? `${record.req.method} ${String(record.req.url)}` : null;
  const message = typeof record.msg === 'string' ? record.msg : record.msg === undefined ? '' : inspect(record.msg);
  parts.push(
    request && record.res ? `${request} ${String(record.res.statusCode)} ${String(record.responseTime)} ms` : message,
  );
  const rest = Object.entries(record).filter(([key, value]) => !SHOWN_APART.has(key) && value !== undefined);
  if (rest.length > 0)
    parts.push(
      paint(
        '90',
        rest.map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`).join(' '),
      ),
    );
  if (request && record.req?.id !== undefined) parts.push(paint('90', `(request ${String(record.req.id)})`));
  const stack = record.err?.stack ?? record.err?.message;
  return `${parts.join(' ')}${typeof stack === 'string' ? `\n    ${stack.split('\n').join('\n    ')}` : ''}\n`;
}

/** Where pino writes the readable form: each JSON line it makes, turned into one readable line on stdout. */
function readableStdout(): DestinationStream {
  const colour = process.stdout.isTTY === true;
  return {
    write(line: string) {
      let record: LogRecord;
      try {
        record = JSON.parse(line) as LogRecord;
      } catch {
        process.stdout.write(line);
        return;
      }
      process.stdout.write(formatRecord(record, colour));
    },
  };
}

/**
 * The one destination of every log line of a process (the app's, nestjs-pino's request lines, and
 * the start-up lines): JSON lines on stdout, or readable lines when logFormat says so.
 */
export function logDestination(config: Pick<AppConfig, 'logFormat'>): DestinationStream {
  return config.logFormat === 'pretty' ? readableStdout() : pino.destination({ dest: 1, sync: true });
}

/** A logger for the lines written before and around the app (start-up, shutdown), in the app's format. */
export function startupLogger(config: Pick<AppConfig, 'logFormat' | 'logLevel'>): Logger {
  return pino({ level: config.logLevel }, logDestination(config)).child({ context: 'Ieum' });
}
