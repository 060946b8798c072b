import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { isResourcePermission, ROUTE_PERMISSIONS } from '../../src/access/permissions.js';
import { createTestConfig, startTestApp, type TestApp } from '../utils/test-app.js';

interface Schema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
}
interface Response {
  description?: string;
  content?: Record<string, { schema?: Schema }>;
}
interface Operation {
  summary?: string;
  security?: Array<Record<string, string[]>>;
  'x-permission'?: string;
  responses?: Record<string, Response>;
  requestBody?: { content: Record<string, { schema: Schema }> };
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const ERROR_BODY = '#/components/schemas/ErrorBody';

describe('the OpenAPI document', () => {
  let t: TestApp;
  let doc: OpenApi;

  beforeAll(async () => {
    t = await startTestApp(await createTestConfig({ roles: ['api'] }));
    const res = await fetch(`${t.baseUrl}/api/docs/openapi.json`);
    expect(res.status).toBe(200);
    doc = (await res.json()) as OpenApi;
  });

  afterAll(async () => {
    await t.close();
  });

  const operations = (): Array<[string, Operation]> =>
    Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]): [string, Operation] => [`${method.toUpperCase()} ${path}`, op]),
    );

  const schemaOf = (name: string): Schema => {
    const schema = doc.components.schemas[name];
    if (!schema) throw new Error(`no schema ${name}`);
    return schema;
  };

  it('gives every operation a summary in Korean and English', () => {
    const list = operations();
    expect(list.length).toBeGreaterThan(100);
    const missing = list
      .filter(([, op]) => !op.summary || !/[가-힣]/.test(op.summary) || !/[A-Za-z]/.test(op.summary))
      .map(([key]) => key);
    expect(missing).toEqual([]);
  });

  it('gives every operation a success response with a schema, or says it has no content', () => {
    const missing = operations()
      .filter(([, op]) => {
        const success = Object.entries(op.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status));
        return !success.some(
          ([status, response]) =>
            status === '204' || Object.values(response.content ?? {}).some((c) => c.schema !== undefined),
        );
      })
      .map(([key]) => key);
    expect(missing).toEqual([]);
  });

  it('documents the errors of every operation with the one coded error body', () => {
    const missing = operations()
      .filter(
        ([, op]) =>
          !Object.entries(op.responses ?? {}).some(
            ([status, response]) =>
              /^4\d\d$/.test(status) && response.content?.['application/json']?.schema?.$ref === ERROR_BODY,
          ),
      )
      .map(([key]) => key);
    expect(missing).toEqual([]);
    const error = schemaOf('ErrorBody');
    expect(Object.keys(error.properties ?? {}).sort()).toEqual([
      'code',
      'details',
      'message',
      'messages',
      'requestId',
      'statusCode',
    ]);
    expect(error.required?.sort()).toEqual(['code', 'message', 'messages', 'statusCode']);
    // Each documented error names the codes it may carry.
    const login = doc.paths['/auth/login']?.['post'];
    expect(login?.responses?.['401']?.description).toMatch(/INVALID_CREDENTIALS/);
    // What the sign-in check answers, on every route that needs a session.
    expect(doc.paths['/rooms']?.['get']?.responses?.['401']?.description).toMatch(/INVALID_TOKEN.*SIGNED_OUT/);
    expect(doc.paths['/rooms/{roomId}/messages']?.['post']?.responses?.['409']?.description).toMatch(/ROOM_ARCHIVED/);
  });

  it('states the field rules of the request bodies', () => {
    const message = schemaOf('SendMessageDto').properties ?? {};
    expect(message['body']).toMatchObject({ type: 'string', maxLength: 10_000 });
    expect(message['clientMessageId']?.pattern).toBeDefined();
    expect(new RegExp(message['clientMessageId']?.pattern ?? '^$').test('c-0123456789')).toBe(true);
    expect(new RegExp(message['clientMessageId']?.pattern ?? '^$').test('short')).toBe(false);
    const login = schemaOf('LoginDto').properties ?? {};
    expect(login['login']).toMatchObject({ minLength: 1, maxLength: 254 });
    const person = schemaOf('CreateUserByAdminDto').properties ?? {};
    expect(new RegExp(person['login']?.pattern ?? '^$').test('kim.mois')).toBe(true);
    expect(new RegExp(person['login']?.pattern ?? '^$').test('Kim Mois')).toBe(false);
    const task = schemaOf('CreateTaskDto').properties ?? {};
    expect(task['title']).toMatchObject({ minLength: 1 });
    expect(task['title']?.maxLength).toBeGreaterThan(0);
    expect(task['priority']?.enum ?? schemaOf(task['priority']?.$ref?.split('/').pop() ?? '').enum).toContain('high');
    const meeting = schemaOf('ScheduleMeetingDto').properties ?? {};
    expect(meeting['durationMinutes']?.minimum).toBeGreaterThan(0);
    expect(meeting['durationMinutes']?.maximum).toBeGreaterThan(0);
  });

  it('names what every operation asks of its caller (x-permission), and says public where it needs no session', () => {
    const list = operations();
    const unnamed = list.filter(([, op]) => op['x-permission'] === undefined).map(([key]) => key);
    expect(unnamed).toEqual([]);
    const unknown = list
      .filter(
        ([, op]) =>
          !isResourcePermission(op['x-permission'] ?? '') &&
          !(ROUTE_PERMISSIONS as readonly string[]).includes(op['x-permission'] ?? ''),
      )
      .map(([key]) => key);
    expect(unknown).toEqual([]);
    // A route that needs no session proves itself some other way (a link's token, a signature) or is open to all.
    const sessionless = new Set(['public', 'guest-link', 'manage-link', 'signed-request', 'metrics']);
    const mismatched = list
      .filter(([, op]) => sessionless.has(op['x-permission'] ?? '') === (op.security ?? []).some((s) => 'bearer' in s))
      .map(([key, op]) => `${key}: ${op['x-permission']}`);
    expect(mismatched).toEqual([]);
    expect(doc.paths['/tasks/{id}']?.['get']?.['x-permission']).toBe('task.read');
    expect(doc.paths['/auth/login']?.['post']?.['x-permission']).toBe('public');
  });

  it('documents a multipart upload beside the raw body', () => {
    const upload = doc.paths['/rooms/{roomId}/files']?.['post'];
    expect(Object.keys(upload?.requestBody?.content ?? {}).sort()).toEqual([
      'application/octet-stream',
      'multipart/form-data',
    ]);
  });
});
