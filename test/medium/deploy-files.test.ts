import { describe, expect, it } from '@jest/globals';
import { CORE_SCHEMA, load, loadAll, mergeTag } from 'js-yaml';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config/load-config.js';
import { MetricsService } from '../../src/metrics/metrics.service.js';

// helm and docker compose are not on every machine: the files are checked here by their structure,
// and by the tools themselves where they exist.
const DEPLOY = path.resolve('deploy');
const CHART = path.join(DEPLOY, 'helm/ieum');
const yaml = (text: string): unknown => load(text, { schema: CORE_SCHEMA.withTags(mergeTag) });
const read = (file: string) => readFileSync(file, 'utf8');
const has = (command: string, args: string[]) => spawnSync(command, args, { stdio: 'ignore' }).status === 0;

type Env = Record<string, string>;
interface ComposeService {
  image?: string;
  command?: string[];
  environment?: Env;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
  ports?: string[];
  networks?: string[] | Record<string, { ipv4_address?: string }>;
}
interface Compose {
  services: Record<string, ComposeService>;
}

/** What `docker compose` does with `${VAR:-default}` and `${VAR:?message}` when nothing is exported. */
function interpolate(value: string): string {
  return value.replace(
    /\$\{(\w+)(:-([^}]*)|:\?[^}]*)?\}/g,
    (_all, name: string, _rest, fallback: string | undefined) => fallback ?? `${name.toLowerCase()}-${'x'.repeat(32)}`,
  );
}

/** Every variable the README's Configuration table documents. */
function documentedVariables(): Set<string> {
  const readme = read('README.md');
  const table = readme.slice(
    readme.indexOf('## Configuration'),
    readme.indexOf('\n## ', readme.indexOf('## Configuration') + 5),
  );
  return new Set(
    [...table.matchAll(/^\| (.+?) \|/gm)].flatMap((row) =>
      [...(row[1] ?? '').matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1] ?? ''),
    ),
  );
}

describe('deploy/docker-compose.yml', () => {
  const compose = yaml(read(path.join(DEPLOY, 'docker-compose.yml'))) as Compose;
  const services = compose.services;
  const ieum = Object.entries(services).filter(([, s]) => s.environment?.['IEUM_ROLES'] !== undefined);

  it('runs PostgreSQL, Redis, two api, two worker and one smtp node behind a load balancer', () => {
    expect(Object.keys(services).sort()).toEqual([
      'api-1',
      'api-2',
      'lb',
      'postgres',
      'redis',
      'smtp',
      'worker-1',
      'worker-2',
    ]);
    const roles = ieum.map(([name, s]) => [name, s.environment?.['IEUM_ROLES']]);
    expect(Object.fromEntries(roles)).toEqual({
      'api-1': 'api',
      'api-2': 'api',
      'worker-1': 'worker',
      'worker-2': 'worker',
      smtp: 'smtp',
    });
  });

  it('keeps Redis on an append-only file and never evicting (BullMQ’s jobs are keys)', () => {
    const command = (services['redis']?.command ?? []).join(' ');
    expect(command).toMatch(/--appendonly yes/);
    expect(command).toMatch(/--maxmemory-policy noeviction/);
    expect(services['redis']?.volumes).toEqual(['redis:/data']);
  });

  it('gives every node a valid configuration, shared secrets and services, and a health check on /ready', () => {
    const documented = documentedVariables();
    for (const [name, service] of ieum) {
      const env = Object.fromEntries(
        Object.entries(service.environment ?? {}).map(([k, v]) => [k, interpolate(String(v))]),
      );
      for (const key of Object.keys(env)) expect([name, key, documented.has(key)]).toEqual([name, key, true]);
      const config = loadConfig(env, false);
      expect([...config.roles]).toEqual([env['IEUM_ROLES']]);
      expect(config.database.url).toMatch(/^postgres:\/\/ieum:.+@postgres:5432\/ieum$/);
      expect(config.redis.url).toBe('redis://redis:6379');
      expect(config.auth.jwtSecret?.length).toBeGreaterThanOrEqual(32);
      expect(config.files.driver).not.toBe('folder');
      const probe = (service.healthcheck?.test ?? []).join(' ');
      expect(probe).toContain(
        env['IEUM_ROLES'] === 'api' ? 'http://127.0.0.1:3000/ready' : `http://127.0.0.1:${config.metrics.port}/ready`,
      );
      expect(service.depends_on).toEqual({
        postgres: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
      });
    }
    expect(services['postgres']?.healthcheck?.test.join(' ')).toContain('pg_isready');
    expect(services['redis']?.healthcheck?.test.join(' ')).toContain('redis-cli ping');
  });

  it('balances the api nodes with WebSocket upgrades, and the api nodes believe only the balancer', () => {
    const lb = services['lb'];
    expect(lb?.image).toMatch(/^nginx:/);
    expect(lb?.volumes).toEqual(['./nginx.conf:/etc/nginx/nginx.conf:ro']);
    expect(Object.keys(lb?.depends_on ?? {}).sort()).toEqual(['api-1', 'api-2']);
    const lbAddress = (lb?.networks as Record<string, { ipv4_address?: string }>)['ieum']?.ipv4_address;
    for (const api of ['api-1', 'api-2']) expect(services[api]?.environment?.['TRUST_PROXY']).toBe(lbAddress);

    const nginx = read(path.join(DEPLOY, 'nginx.conf'));
    for (const upstream of nginx.matchAll(/upstream \w+ \{([^}]*)\}/g)) {
      expect([...(upstream[1] ?? '').matchAll(/server (\S+)/g)].map((m) => m[1])).toEqual(['api-1:3000', 'api-2:3000']);
    }
    const sockets = /location \/socket\.io\/ \{([^}]*)\}/.exec(nginx)?.[1] ?? '';
    expect(sockets).toContain('proxy_set_header Upgrade $http_upgrade;');
    expect(sockets).toContain('proxy_set_header Connection $connection_upgrade;');
    expect(nginx).toContain('proxy_http_version 1.1;');
    expect(nginx).toContain('X-Forwarded-For $proxy_add_x_forwarded_for');
    expect(nginx).toMatch(/location = \/metrics \{ return 404; \}/);
  });

  const composeCli = has('docker', ['compose', 'version']);
  (composeCli ? it : it.skip)('passes `docker compose config`', () => {
    const result = spawnSync(
      'docker',
      ['compose', '-f', path.join(DEPLOY, 'docker-compose.yml'), 'config', '--quiet'],
      {
        env: { ...process.env, JWT_SECRET: 'x'.repeat(64), POSTGRES_PASSWORD: 'secret' },
        encoding: 'utf8',
      },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});

describe('deploy/helm/ieum', () => {
  const chart = yaml(read(path.join(CHART, 'Chart.yaml'))) as Record<string, unknown>;
  const values = yaml(read(path.join(CHART, 'values.yaml'))) as Record<string, unknown>;
  const templates = Object.fromEntries(
    readdirSync(path.join(CHART, 'templates')).map((f) => [f, read(path.join(CHART, 'templates', f))]),
  );
  const manifests = Object.entries(templates).filter(([file]) => file.endsWith('.yaml'));

  /**
   * A manifest with its template lines left out and its expressions made placeholders: enough to
   * see its shape (kinds, containers, env, probes) without rendering it.
   */
  const skeleton = (text: string): Array<Record<string, unknown>> =>
    loadAll(
      text
        .split('\n')
        .filter((line) => !/^\s*\{\{-?.*-?\}\}\s*$/.test(line))
        .map((line) => line.replace(/\{\{-?.*?-?\}\}/g, 'x'))
        .join('\n'),
    ).filter((doc): doc is Record<string, unknown> => doc !== null && typeof doc === 'object');

  it('has a v2 Chart.yaml with a name, a semantic version and the app’s version', () => {
    expect(chart).toMatchObject({ apiVersion: 'v2', name: 'ieum', type: 'application' });
    expect(chart['version']).toMatch(/^\d+\.\d+\.\d+$/);
    expect(chart['appVersion']).toBe((JSON.parse(read('package.json')) as { version: string }).version);
  });

  it('refers only to values that values.yaml has', () => {
    const lookup = (dotted: string) =>
      dotted
        .split('.')
        .reduce<unknown>(
          (node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined),
          values,
        );
    const references = Object.values(templates).flatMap((text) =>
      [...text.matchAll(/\$?\.Values\.([A-Za-z0-9_.]+)/g)].map((m) => m[1] ?? ''),
    );
    expect(references.length).toBeGreaterThan(30);
    expect(references.filter((ref) => lookup(ref) === undefined)).toEqual([]);
    // `index $.Values $role` in the PDB and HPA loops reads these sections.
    for (const role of ['api', 'worker', 'smtp'])
      expect(lookup(`${role}.podDisruptionBudget.minAvailable`)).toBeDefined();
  });

  it('has a Deployment per role with its IEUM_ROLES, the Secret’s keys and probes on /health and /ready', () => {
    const deployments = manifests.flatMap(([, text]) => skeleton(text)).filter((doc) => doc['kind'] === 'Deployment');
    const roles = deployments.map((d) => {
      const container = (
        d['spec'] as { template: { spec: { containers: Array<{ env: Array<{ name: string; value?: string }> }> } } }
      ).template.spec.containers[0];
      return container?.env.find((e) => e.name === 'IEUM_ROLES')?.value;
    });
    expect(roles.sort()).toEqual(['api', 'smtp', 'worker']);
    const helpers = templates['_helpers.tpl'] ?? '';
    for (const key of ['databaseUrl', 'redisUrl', 'jwtSecret'])
      expect(helpers).toContain(
        `secretKeyRef: { name: {{ .Values.secret.name }}, key: {{ .Values.secret.keys.${key} }} }`,
      );
    expect(helpers).toMatch(/livenessProbe:\n\s+httpGet: \{ path: \/health/);
    expect(helpers).toMatch(/readinessProbe:\n\s+httpGet: \{ path: \/ready/);
    for (const role of ['api', 'worker', 'smtp']) {
      const text = templates[`deployment-${role}.yaml`] ?? '';
      expect(text).toContain('include "ieum.env" .');
      expect(text).toContain('include "ieum.probes"');
    }
  });

  it('has a Service, an Ingress, PodDisruptionBudgets, CPU autoscaling and a migration hook Job', () => {
    const kinds = manifests.flatMap(([, text]) => skeleton(text)).map((doc) => doc['kind']);
    expect(kinds).toEqual(
      expect.arrayContaining(['Service', 'Ingress', 'PodDisruptionBudget', 'HorizontalPodAutoscaler', 'Job']),
    );
    const hpa = skeleton(templates['hpa.yaml'] ?? '')[0] as {
      spec: { metrics: Array<{ resource: { name: string; target: { type: string } } }> };
    };
    expect(hpa.spec.metrics[0]?.resource).toMatchObject({ name: 'cpu', target: { type: 'Utilization' } });
    const job = skeleton(templates['migrations-job.yaml'] ?? '')[0] as {
      metadata: { annotations: Record<string, string> };
      spec: { template: { spec: { containers: Array<{ command: string[] }> } } };
    };
    expect(job.metadata.annotations['helm.sh/hook']).toBe('pre-install,pre-upgrade');
    const command = job.spec.template.spec.containers[0]?.command ?? [];
    // The entry it runs is built from src/bootstrap/migrate.ts.
    expect(command.at(-1)).toBe('dist/src/bootstrap/migrate.js');
    expect(existsSync('src/bootstrap/migrate.ts')).toBe(true);
  });

  const helm = has('helm', ['version']);
  (helm ? it : it.skip)('passes `helm lint` and `helm template`', () => {
    expect(spawnSync('helm', ['lint', CHART], { encoding: 'utf8' }).status).toBe(0);
    const rendered = spawnSync('helm', ['template', 'ieum', CHART], { encoding: 'utf8' });
    expect(rendered.status).toBe(0);
    const kinds = loadAll(rendered.stdout).map((doc) => (doc as { kind?: string } | null)?.kind);
    expect(kinds.filter((k) => k === 'Deployment')).toHaveLength(3);
  });
});

describe('deploy/grafana/ieum.json', () => {
  it('charts the series Ieum exports', () => {
    const dashboard = JSON.parse(read(path.join(DEPLOY, 'grafana/ieum.json'))) as {
      panels: Array<{ title: string; targets?: Array<{ expr: string }> }>;
    };
    const expressions = dashboard.panels
      .flatMap((p) => p.targets ?? [])
      .map((t) => t.expr)
      .join('\n');
    for (const series of [
      'ieum_http_request_duration_seconds_bucket',
      'ieum_sockets_connected',
      'ieum_messages_sent_total',
      'ieum_message_send_ack_seconds_bucket',
      'ieum_queue_jobs',
      'ieum_queue_job_wait_seconds_bucket',
      'ieum_queue_job_run_seconds_bucket',
      'ieum_queue_job_failures_total',
      'ieum_outbox_backlog',
      'ieum_outbox_oldest_age_seconds',
      'ieum_mail_ingress_accepted_total',
      'ieum_mail_ingress_refused_total',
      'ieum_reminder_lateness_seconds_bucket',
      'process_cpu_seconds_total',
    ]) {
      expect([series, expressions.includes(series)]).toEqual([series, true]);
    }
    // Every ieum_ series it names is one the registry defines.
    const defined = new Set(new MetricsService().registry.getMetricsAsArray().map((m) => m.name));
    const named = [...expressions.matchAll(/\b(ieum_\w+?)(_bucket|_count|_sum)?\b/g)].map((m) => m[1] ?? '');
    expect(named.filter((name) => !defined.has(name))).toEqual([]);
  });
});
