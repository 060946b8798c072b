import { describe, expect, it } from '@jest/globals';
import { formatRecord } from './logging.js';

describe('the readable log format', () => {
  const time = new Date(2026, 2, 5, 9, 7, 3).getTime();

  it('writes one line: time, level, where from, the message, and any other fields', () => {
    expect(
      formatRecord(
        { level: 40, time, pid: 1, hostname: 'h', context: 'Ieum', msg: 'PUBLIC VIDEO', roomId: 'r1', count: 2 },
        false,
      ),
    ).toBe('09:07:03 WARN  [Ieum] PUBLIC VIDEO roomId=r1 count=2\n');
  });

  it('writes a request as method, path, status and time, with its request id', () => {
    const line = formatRecord(
      {
        level: 30,
        time,
        msg: 'request completed',
        req: { id: 'abc', method: 'GET', url: '/rooms' },
        res: { statusCode: 200 },
        responseTime: 12,
      },
      false,
    );
    expect(line).toBe('09:07:03 INFO  GET /rooms 200 12 ms (request abc)\n');
  });

  it("puts an error's stack below its line, and colours only when asked", () => {
    const line = formatRecord(
      { level: 50, time, msg: 'failed', err: { message: 'boom', stack: 'Error: boom\n    at x' } },
      false,
    );
    expect(line).toBe('09:07:03 ERROR failed\n    Error: boom\n        at x\n');
    expect(formatRecord({ level: 30, time, msg: 'x' }, true)).toContain('\u001b[32mINFO ');
  });
});
