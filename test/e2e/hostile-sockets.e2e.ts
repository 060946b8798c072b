import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { MessageView, RoomView } from '../../src/messenger/realtime/socket-events.js';
import { ApiClient, type ClientSocket } from '../utils/clients.js';
import { Factory } from '../utils/factories.js';
import { createTestConfig, startTestApp, type TestApp } from '../utils/test-app.js';

/** How long one ack may take before it counts as missing (a bound, not a sleep: an answer ends the wait). */
const ACK_WAIT_MS = 5_000;

type Ack =
  | { ok: true; data: unknown }
  | { ok: false; error: { statusCode?: number; code?: string; messages?: { ko?: string; en?: string } } };

/** A payload as a value the client encodes, or as the JSON text of the event's arguments (for what the client cannot encode). */
type Payload = { label: string; args: unknown[] } | { label: string; rawArgs: string };

const cid = () => `c-${randomUUID()}`;
const nested = (levels: number, kind: 'array' | 'object') =>
  kind === 'array' ? '['.repeat(levels) + ']'.repeat(levels) : '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);

/**
 * Sends `2<id>["event",…args]` on the socket's engine.io connection, as the socket.io client would
 * encode it, and resolves with the ack's arguments (`3<id>[…]`), or undefined when none came within
 * the bound. The client's own encoder walks arguments recursively and cannot send 20,000 levels.
 */
let rawAckId = 1_000_000;
function emitRaw(
  socket: ClientSocket,
  event: string,
  rawArgs: string,
  withAck: boolean,
): Promise<unknown[] | undefined> {
  const engine = socket.io.engine;
  const text = `2${withAck ? String(++rawAckId) : ''}[${JSON.stringify(event)}${rawArgs ? `,${rawArgs}` : ''}]`;
  if (!withAck) {
    engine.send(text);
    return Promise.resolve([]);
  }
  const prefix = `3${rawAckId}[`;
  return new Promise((resolve) => {
    const onMessage = (data: unknown) => {
      if (typeof data !== 'string' || !data.startsWith(prefix)) return;
      done(JSON.parse(data.slice(prefix.length - 1)) as unknown[]);
    };
    const timer = setTimeout(() => done(undefined), ACK_WAIT_MS);
    const done = (args: unknown[] | undefined) => {
      clearTimeout(timer);
      engine.off('message', onMessage);
      resolve(args);
    };
    engine.on('message', onMessage);
    engine.send(text);
  });
}

describe('hostile socket payloads', () => {
  let t: TestApp;
  let kim: ApiClient;
  let room: RoomView;
  let other: RoomView;
  let message: MessageView;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    t = await startTestApp(await createTestConfig({ roles: ['api'] }));
    const factory = new Factory(t.app);
    const agency = await factory.agency({ code: '1741000', name: '행정안전부' });
    await factory.user(agency, { login: 'kim.mois', displayName: '김행안' });
    const lee = await factory.user(agency, { login: 'lee.mois', displayName: '이행안' });
    kim = await ApiClient.signIn(t.baseUrl, 'kim.mois');
    const leeClient = await ApiClient.signIn(t.baseUrl, 'lee.mois');
    room = (await kim.call<RoomView>('POST', '/rooms', { kind: 'group', name: '기획팀', userIds: [lee.id] })).body;
    other = (await leeClient.call<RoomView>('POST', '/rooms', { kind: 'group', name: '남의 방', userIds: [] })).body;
    message = (
      await kim.call<MessageView>('POST', `/rooms/${room.id}/messages`, { clientMessageId: cid(), body: '첫 메시지' })
    ).body;
  });

  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await t.close();
  });

  /** Each client-to-server event with a valid payload and the kind of each field. */
  const events = (): Record<
    string,
    { valid: () => Record<string, unknown>; fields: Record<string, 'id' | 'ids' | 'text' | 'seq'> }
  > => ({
    'message.send': {
      valid: () => ({ roomId: room.id, clientMessageId: cid(), body: '안녕하세요' }),
      fields: { roomId: 'id', clientMessageId: 'text', body: 'text', threadRootId: 'id', fileIds: 'ids' },
    },
    'room.read': { valid: () => ({ roomId: room.id, seq: message.seq }), fields: { roomId: 'id', seq: 'seq' } },
    typing: { valid: () => ({ roomId: room.id }), fields: { roomId: 'id' } },
  });

  const hostile = (valid: () => Record<string, unknown>, fields: Record<string, string>): Payload[] => {
    const one = (label: string, value: unknown): Payload => ({ label, args: [value] });
    const raw = (label: string, rawArgs: string): Payload => ({ label, rawArgs });
    const payloads: Payload[] = [
      { label: 'no payload', args: [] },
      one('null', null),
      one('a number', 42),
      one('a string', 'roomId'),
      one('true', true),
      one('an empty array', []),
      one('the payload in an array', [valid()]),
      one('an empty object', {}),
      one('an unknown field', { ...valid(), zzUnknown: 1 }),
      one('a NUL in a key', { ...valid(), ['body\u0000']: 'x' }),
      one('2,000 keys', { ...valid(), ...Object.fromEntries(Array.from({ length: 2_000 }, (_, i) => [`k${i}`, i])) }),
      { label: 'two payloads', args: [valid(), valid()] },
      raw('nesting 20,000 deep (array)', nested(20_000, 'array')),
      raw('nesting 20,000 deep (object)', nested(20_000, 'object')),
      raw('a payload holding 20,000 levels', `{"roomId":${nested(20_000, 'array')}}`),
      raw('__proto__', `{"__proto__":{"polluted":true},"roomId":"${room.id}"}`),
      raw('constructor.prototype', `{"constructor":{"prototype":{"polluted":true}},"roomId":"${room.id}"}`),
    ];
    for (const [field, kind] of Object.entries(fields)) {
      const { [field]: _left, ...without } = valid();
      const withField = (value: unknown) => ({ ...valid(), [field]: value });
      payloads.push(
        one(`${field} missing`, without),
        one(`${field} null`, withField(null)),
        one(`${field} a number`, withField(12345)),
        one(`${field} a boolean`, withField(false)),
        one(`${field} an object`, withField({ a: 1 })),
        one(`${field} 100 kB`, withField('a'.repeat(100_000))),
        one(`${field} NUL`, withField('a\u0000b')),
        one(`${field} ESC`, withField('주제\u001b[31m')),
        one(`${field} DEL and C1`, withField('a\u007f\u009b31m')),
        one(`${field} $regex`, withField({ $regex: '.*' })),
        one(`${field} $ne`, withField({ $ne: null })),
        one(`${field} an array of ids`, withField([room.id, other.id])),
        one(`${field} an id of someone else's room`, withField(other.id)),
        one(`${field} an empty string`, withField('')),
        one(`${field} nested 40 deep`, withField(JSON.parse(nested(40, 'object')) as unknown)),
      );
      if (kind === 'ids')
        payloads.push(
          one(`${field} 20,000 ids`, withField(Array.from({ length: 20_000 }, () => randomUUID()))),
          one(`${field} ids and $ne`, withField([room.id, { $ne: null }])),
        );
      if (kind === 'seq')
        payloads.push(one(`${field} 10^30`, withField('1'.repeat(31))), one(`${field} negative`, withField('-1')));
    }
    return payloads;
  };

  it('answers every malformed payload of every event with a coded ack, and the socket and server stay up', async () => {
    const errors = jest.spyOn(Logger.prototype, 'error');
    const fatals = jest.spyOn(Logger.prototype, 'fatal');
    const socket = await kim.socket();
    sockets.push(socket);
    const disconnects: string[] = [];
    socket.on('disconnect', (reason) => disconnects.push(reason));
    const id = socket.id;
    // The typed client only lets well-formed payloads through; these are not.
    const loose = socket as unknown as {
      emit(event: string, ...args: unknown[]): void;
      timeout(ms: number): { emitWithAck(event: string, ...args: unknown[]): Promise<unknown> };
    };

    const byCode = new Map<string, number>();
    const failures: string[] = [];
    let sent = 0;
    let acks = 0;
    let missing = 0;
    let withoutAck = 0;
    const accepted: string[] = [];
    const check = (what: string, reply: unknown[] | undefined) => {
      if (reply === undefined) {
        missing++;
        failures.push(`${what}: no ack within ${ACK_WAIT_MS} ms`);
        return;
      }
      acks++;
      const ack = reply[0] as Ack | undefined;
      if (ack?.ok === true) {
        accepted.push(what);
        byCode.set('(ok)', (byCode.get('(ok)') ?? 0) + 1);
        return;
      }
      const error = ack?.ok === false ? ack.error : undefined;
      const code = typeof error?.code === 'string' ? error.code : '(uncoded)';
      byCode.set(code, (byCode.get(code) ?? 0) + 1);
      if (
        !error ||
        code === '(uncoded)' ||
        !error.messages?.ko ||
        !error.messages.en ||
        typeof error.statusCode !== 'number'
      )
        failures.push(`${what}: not the coded error shape: ${JSON.stringify(reply).slice(0, 300)}`);
      else if (error.statusCode >= 500) failures.push(`${what}: ${error.statusCode} ${code}`);
    };

    const list = Object.entries(events());
    for (const [event, { valid, fields }] of list) {
      for (const payload of hostile(valid, fields)) {
        const what = `${event} with ${payload.label}`;
        sent++;
        if ('rawArgs' in payload) {
          check(what, await emitRaw(socket, event, payload.rawArgs, true));
          // The same without an ack: nothing comes back, and nothing breaks.
          await emitRaw(socket, event, payload.rawArgs, false);
          withoutAck++;
          continue;
        }
        const reply = await loose
          .timeout(ACK_WAIT_MS)
          .emitWithAck(event, ...payload.args)
          .then(
            (ack: unknown) => [ack],
            () => undefined,
          );
        check(what, reply);
        // Without an ack, and with something that is not a function where the ack goes.
        loose.emit(event, ...payload.args);
        loose.emit(event, ...payload.args, 'not-a-function');
        withoutAck += 2;
      }
    }
    // Events the server does not have, including names that are properties of every object.
    for (const event of [
      'message.delete',
      'room.join',
      'constructor',
      '__proto__',
      'toString',
      'hasOwnProperty',
      'typing ',
      'MESSAGE.SEND',
      '',
      'x'.repeat(10_000),
    ]) {
      sent++;
      check(
        `the unknown event ${JSON.stringify(event.slice(0, 20))}`,
        await emitRaw(socket, event, JSON.stringify({ roomId: room.id }), true),
      );
    }
    // An ack is the last argument only when it is a function: a string there is a second payload.
    const second = await loose
      .timeout(ACK_WAIT_MS)
      .emitWithAck('message.send', events()['message.send']?.valid(), 'not-a-function');
    check('message.send with a string after the payload', [second]);

    // The same socket still sends, and the server still answers it.
    const fine = (await socket
      .timeout(ACK_WAIT_MS)
      .emitWithAck('message.send', { roomId: room.id, clientMessageId: cid(), body: '멀쩡합니다' })) as Ack;
    const read = (await socket
      .timeout(ACK_WAIT_MS)
      .emitWithAck('room.read', { roomId: room.id, seq: message.seq })) as Ack;
    const table = [...byCode.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, n]) => `${k}: ${n}`)
      .join(', ');
    // eslint-disable-next-line no-console
    console.log(
      `hostile sockets: ${list.length} events and 10 unknown ones, ${sent} payloads with an ack and ${withoutAck} without; ${acks} acks (${accepted.length} accepted: ${accepted.join('; ')}), ${missing} missing; by code ${table}`,
    );
    expect(failures).toEqual([]);
    expect(missing).toBe(0);
    // Only what is valid gets through: a field left out that may be, and ids used as text.
    expect(accepted).toEqual([
      "message.send with clientMessageId an id of someone else's room",
      "message.send with body an id of someone else's room",
      'message.send with threadRootId missing',
      'message.send with fileIds missing',
    ]);
    expect([fine.ok, read.ok]).toEqual([true, true]);
    expect([socket.connected, socket.id, disconnects]).toEqual([true, id, []]);
    expect({}).not.toHaveProperty('polluted');
    expect([errors.mock.calls.map((c) => String(c[0]).slice(0, 300)), fatals.mock.calls.length]).toEqual([[], 0]);
    errors.mockRestore();
    fatals.mockRestore();
  }, 120_000);

  it('closes the connection that sends a packet socket.io cannot read, or ignores the packet, and keeps serving the others', async () => {
    const errors = jest.spyOn(Logger.prototype, 'error');
    const bystander = await kim.socket();
    sockets.push(bystander);
    const outcomes: string[] = [];
    for (const packet of [
      '2["message.send",{"roomId":',
      '2[123,{}]',
      '2{"not":"an array"}',
      '2["disconnecting",{}]',
      '2["newListener",{}]',
      '9garbage',
      `2["message.send","${'a'.repeat(2_000_000)}"]`,
    ]) {
      const socket = await kim.socket();
      sockets.push(socket);
      const closed = new Promise<string>((resolve) =>
        socket.on('disconnect', (reason) => resolve(`closed (${reason})`)),
      );
      socket.io.engine.send(packet);
      // socket.io's own rule: a packet it cannot decode (or over its 1 MB limit) ends that connection;
      // one it can decode but no handler takes is dropped. Either way the next question settles it.
      const next = socket
        .timeout(ACK_WAIT_MS)
        .emitWithAck('room.read', { roomId: room.id, seq: message.seq })
        .then(
          (ack) => ((ack as Ack).ok ? 'ignored' : `refused ${JSON.stringify(ack)}`),
          () => 'no answer',
        );
      outcomes.push(`${packet.slice(0, 30)}: ${await Promise.race([closed, next])}`);
    }
    // eslint-disable-next-line no-console
    console.log(`unreadable packets: ${outcomes.join('; ')}`);
    expect(
      outcomes.filter(
        (o) => !/: (closed \((transport (close|error)|io server disconnect|parse error)\)|ignored)$/.test(o),
      ),
    ).toEqual([]);
    const ack = (await bystander
      .timeout(ACK_WAIT_MS)
      .emitWithAck('message.send', { roomId: room.id, clientMessageId: cid(), body: '아직 연결되어 있습니다' })) as Ack;
    expect(ack.ok).toBe(true);
    expect(errors.mock.calls.map((c) => String(c[0]).slice(0, 300))).toEqual([]);
    errors.mockRestore();
  });
});
