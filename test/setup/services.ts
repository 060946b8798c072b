import pg from 'pg';

/** What global setup settled, handed to test files through the environment. */
export interface TestServices {
  adminUrl: string;
  redisUrl: string;
  template: string;
  runId: string;
}

export function testServices(): TestServices {
  const { IEUM_TEST_ADMIN_URL, IEUM_TEST_REDIS_URL, IEUM_TEST_TEMPLATE, IEUM_TEST_RUN } = process.env;
  if (!IEUM_TEST_ADMIN_URL || !IEUM_TEST_REDIS_URL || !IEUM_TEST_TEMPLATE || !IEUM_TEST_RUN) {
    throw new Error('test services are not set up: run the tests through jest (npm test)');
  }
  return {
    adminUrl: IEUM_TEST_ADMIN_URL,
    redisUrl: IEUM_TEST_REDIS_URL,
    template: IEUM_TEST_TEMPLATE,
    runId: IEUM_TEST_RUN,
  };
}

export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withAdmin<T>(adminUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
