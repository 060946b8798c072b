import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import type { MessageView } from '../src/messenger/realtime/socket-events.js';
import { benchEnvironment } from './bench-environment.js';
import { startServer as startProcess } from './lib/server-process.js';

/**
 * The web client as a person meets it, against the built program run as its own process:
 *  1. JavaScript a browser loads for the messenger and for the citizen pages (gzip);
 *  2. click-to-paint: a message typed in browser A, from its Enter to painted in browser B, for
 *     200 messages, against the socket-level latency of the same messages (a socket.io client of
 *     B's in this process, same t0) — the ratio is what the client adds;
 *  3. opening a room of 10,000 messages: time to the newest message painted, and the longest task
 *     while opening and scrolling back through older pages.
 * Lost messages are counted and make the percentiles they would fall in infinite, never dropped.
 */
const MESSAGES = 200;
const PACE_MS = 50;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const BIG_ROOM = 10_000;
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

const here = path.dirname(fileURLToPath(import.meta.url));
const buildDir = path.resolve(here, '..');

interface Manifest {
  [key: string]: {
    file: string;
    isEntry?: boolean;
    isDynamicEntry?: boolean;
    imports?: string[];
    dynamicImports?: string[];
  };
}

async function bundleSizes(): Promise<Record<string, number>> {
  const webDir = path.join(buildDir, 'web');
  const manifest = JSON.parse(await readFile(path.join(webDir, '.vite/manifest.json'), 'utf8')) as Manifest;
  const gz = new Map<string, number>();
  const sizeOf = async (file: string) => {
    if (!gz.has(file)) gz.set(file, gzipSync(await readFile(path.join(webDir, file))).length);
    return gz.get(file)!;
  };
  // A chunk and everything it imports statically: what the browser must load to run it.
  const closure = (keys: string[]) => {
    const seen = new Set<string>();
    const visit = (key: string) => {
      if (seen.has(key) || !manifest[key]) return;
      seen.add(key);
      for (const dep of manifest[key].imports ?? []) visit(dep);
    };
    keys.forEach(visit);
    return [...seen].map((k) => manifest[k].file).filter((f) => f.endsWith('.js'));
  };
  const entry = Object.keys(manifest).find((k) => manifest[k].isEntry)!;
  const find = (fragment: string) => Object.keys(manifest).filter((k) => k.includes(fragment));
  const total = async (files: string[]) => (await Promise.all(files.map(sizeOf))).reduce((a, b) => a + b, 0);
  return {
    entry: await total(closure([entry])),
    messenger: await total(closure([entry, ...find('features/messenger/index'), ...find('api/socket')])),
    citizen: await total(closure([entry, ...find('features/citizen/index')])),
  };
}

async function startServer(
  databaseUrl: string,
  redisUrl: string,
  prefix: string,
): Promise<{ url: string; password: string; stop: () => Promise<void> }> {
  const server = await startProcess(
    databaseUrl,
    redisUrl,
    prefix,
    { SEED_DEMO: 'true', LOGIN_MAX_ATTEMPTS_PER_ADDRESS: '100000' },
    'demo-login.json',
  );
  const demo = JSON.parse(await readFile(path.join(server.dataDir, 'demo-login.json'), 'utf8')) as { password: string };
  return { url: server.url, password: demo.password, stop: () => server.stop() };
}

async function api<T>(base: string, token: string, method: string, url: string, body?: unknown): Promise<T> {
  const response = await fetch(`${base}${url}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

async function login(base: string, name: string, password: string): Promise<string> {
  const response = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login: name, password }),
  });
  return ((await response.json()) as { accessToken: string }).accessToken;
}

async function signedInPage(browser: Browser, base: string, name: string, password: string): Promise<Page> {
  const context = await browser.newContext({
    baseURL: base,
    locale: 'ko-KR',
    timezoneId: 'Asia/Seoul',
    viewport: { width: 1280, height: 800 },
  });
  const page = await context.newPage();
  await page.goto('/login');
  await page.getByLabel('아이디').fill(name);
  await page.getByLabel('비밀번호').fill(password);
  await page.getByRole('button', { name: '로그인', exact: true }).click();
  await page.waitForURL(/\/rooms/);
  return page;
}

function percentile(values: number[], lost: number, p: number): number {
  const all = [...values].sort((a, b) => a - b);
  for (let i = 0; i < lost; i++) all.push(Infinity);
  return all[Math.min(all.length - 1, Math.ceil((p / 100) * all.length) - 1)] ?? Infinity;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

async function clickToPaint(
  browser: Browser,
  base: string,
  password: string,
  roomId: string,
  tokenB: string,
  run: number,
) {
  const [a, b] = [
    await signedInPage(browser, base, 'kim.mois', password),
    await signedInPage(browser, base, 'choi.seoul', password),
  ];
  const socket: Socket = io(base, { transports: ['websocket'], auth: { token: tokenB } });
  const received = new Map<string, number>();
  socket.on('messages.created', (event: { messages: MessageView[] }) => {
    const now = Date.now();
    for (const m of event.messages) if (!received.has(m.body)) received.set(m.body, now);
  });
  await new Promise<void>((r) => socket.once('connect', () => r()));
  for (const page of [a, b]) await page.goto(`/rooms/${roomId}`);
  // In the page (plain JavaScript: the bench is type-checked without the DOM library).
  await b.evaluate(`(() => {
    window.__painted = {};
    window.__inDom = {};
    new MutationObserver(() => {
      for (const node of document.querySelectorAll('[data-message-id]')) {
        const text = /bench-\\d+-\\d+/.exec(node.textContent || '')?.[0];
        if (text && !(text in window.__painted)) {
          window.__painted[text] = -1;
          window.__inDom[text] = performance.timeOrigin + performance.now();
          requestAnimationFrame(() => (window.__painted[text] = performance.timeOrigin + performance.now()));
        }
      }
    }).observe(document.body, { childList: true, subtree: true, characterData: true });
  })()`);
  const composer = a.getByRole('textbox', { name: '메시지 입력' });
  await composer.waitFor();
  await a.evaluate(`(() => {
    window.__sent = {};
    document.addEventListener('keydown', (event) => {
      const value = event.target && event.target.value;
      if (event.key === 'Enter' && /^bench-\\d+-\\d+$/.test(value || '')) window.__sent[value] = performance.timeOrigin + performance.now();
    }, true);
  })()`);
  for (let i = 0; i < MESSAGES; i++) {
    await composer.fill(`bench-${run}-${i}`);
    await composer.press('Enter');
    await new Promise((r) => setTimeout(r, PACE_MS));
  }
  const deadline = Date.now() + 30_000;
  let painted: Record<string, number> = {};
  while (Date.now() < deadline) {
    painted = await b.evaluate<Record<string, number>>('window.__painted');
    if (Object.values(painted).filter((t) => t > 0).length >= MESSAGES && received.size >= MESSAGES) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const sent = await a.evaluate<Record<string, number>>('window.__sent');
  const inDom = await b.evaluate<Record<string, number>>('window.__inDom');
  const domLatency: number[] = [];
  const browserLatency: number[] = [];
  const socketLatency: number[] = [];
  let lostBrowser = 0;
  let lostSocket = 0;
  for (let i = 0; i < MESSAGES; i++) {
    const key = `bench-${run}-${i}`;
    const t0 = sent[key];
    if (t0 === undefined) {
      lostBrowser++;
      lostSocket++;
      continue;
    }
    if (painted[key] && painted[key] > 0) {
      browserLatency.push(painted[key] - t0);
      domLatency.push(inDom[key] - t0);
    } else lostBrowser++;
    const r = received.get(key);
    if (r !== undefined) socketLatency.push(r - t0);
    else lostSocket++;
  }
  socket.disconnect();
  await a.context().close();
  await b.context().close();
  return {
    browser: {
      p50: percentile(browserLatency, lostBrowser, 50),
      p99: percentile(browserLatency, lostBrowser, 99),
      lost: lostBrowser,
    },
    dom: { p50: percentile(domLatency, lostBrowser, 50), p99: percentile(domLatency, lostBrowser, 99) },
    socket: {
      p50: percentile(socketLatency, lostSocket, 50),
      p99: percentile(socketLatency, lostSocket, 99),
      lost: lostSocket,
    },
  };
}

async function openBigRoom(browser: Browser, base: string, password: string, roomId: string) {
  const page = await signedInPage(browser, base, 'choi.seoul', password);
  await page.evaluate(`(() => {
    window.__longest = 0;
    window.__long = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        window.__longest = Math.max(window.__longest, entry.duration);
        window.__long++;
      }
    }).observe({ type: 'longtask', buffered: false });
  })()`);
  const started = Date.now();
  // A click in the room list, as far as the router is concerned: no page load.
  await page.evaluate(`history.pushState({}, '', '/rooms/${roomId}'); dispatchEvent(new PopStateEvent('popstate'))`);
  await page.getByText(`big-${BIG_ROOM - 1}`, { exact: true }).waitFor({ timeout: 60_000 });
  const firstPaint = Date.now() - started;
  const log = page.getByRole('log');
  for (let i = 0; i < 5; i++) {
    await log.evaluate(`(element) => { (element.closest('[data-scroller]') || element).scrollTop = 0; }`);
    await new Promise((r) => setTimeout(r, 400));
  }
  const { longest, count } = await page.evaluate<{ longest: number; count: number }>(
    '({ longest: window.__longest, count: window.__long })',
  );
  await page.context().close();
  return { firstPaint, longest, longTasks: count };
}

async function main(): Promise<void> {
  const sizes = await bundleSizes();
  const env = await benchEnvironment(new Set(['api', 'worker']), 5);
  const server = await startServer(env.config.database.url, env.config.redis.url, env.config.bus.prefix);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  try {
    const tokenA = await login(server.url, 'kim.mois', server.password);
    const tokenB = await login(server.url, 'choi.seoul', server.password);
    const me = await api<{ id: string }>(server.url, tokenB, 'GET', '/me');
    const room = await api<{ id: string }>(server.url, tokenA, 'POST', '/rooms', {
      kind: 'collaboration',
      name: `벤치 ${randomUUID().slice(0, 6)}`,
      userIds: [me.id],
    });

    const runs = [];
    for (let run = 0; run < RUNS; run++)
      runs.push(await clickToPaint(browser, server.url, server.password, room.id, tokenB, run));

    const big = await api<{ id: string }>(server.url, tokenA, 'POST', '/rooms', {
      kind: 'collaboration',
      name: '만 개의 메시지',
      userIds: [me.id],
    });
    for (let i = 0; i < BIG_ROOM; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, BIG_ROOM - i) }, (_, j) =>
          api(server.url, tokenA, 'POST', `/rooms/${big.id}/messages`, {
            body: `big-${i + j}`,
            clientMessageId: randomUUID(),
          }),
        ),
      );
    }
    const opens = [];
    for (let run = 0; run < RUNS; run++) opens.push(await openBigRoom(browser, server.url, server.password, big.id));

    const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
    const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(1)} ms` : 'lost');
    const lines = [
      `JavaScript, gzip: entry ${kb(sizes.entry)}; messenger route ${kb(sizes.messenger)} (target ≤ 200 kB); citizen pages ${kb(sizes.citizen)} (target ≤ 120 kB)`,
      `click → painted in the other browser, ${MESSAGES} messages × ${RUNS} runs at one per ${PACE_MS} ms (medians of runs):`,
      `  browser p50 ${ms(median(runs.map((r) => r.browser.p50)))}, p99 ${ms(median(runs.map((r) => r.browser.p99)))}, lost ${runs.map((r) => r.browser.lost).join('/')}`,
      `  in B's DOM (before the frame that paints it) p50 ${ms(median(runs.map((r) => r.dom.p50)))}, p99 ${ms(median(runs.map((r) => r.dom.p99)))}`,
      `  socket  p50 ${ms(median(runs.map((r) => r.socket.p50)))}, p99 ${ms(median(runs.map((r) => r.socket.p99)))}, lost ${runs.map((r) => r.socket.lost).join('/')}`,
      `  ratio browser/socket: p50 ${median(runs.map((r) => r.browser.p50 / r.socket.p50)).toFixed(2)}, p99 ${median(runs.map((r) => r.browser.p99 / r.socket.p99)).toFixed(2)} (target ≤ 1.3); per run p99 ${runs.map((r) => (r.browser.p99 / r.socket.p99).toFixed(2)).join(', ')}`,
      `open a room of ${BIG_ROOM.toLocaleString('en')} messages (medians of ${RUNS}): newest painted ${ms(median(opens.map((o) => o.firstPaint)))}, longest task ${ms(median(opens.map((o) => o.longest)))}, tasks over 50 ms ${median(opens.map((o) => o.longTasks))}`,
    ];
    process.stdout.write(`\n${lines.join('\n')}\n`);
  } finally {
    await browser.close();
    await server.stop();
    await env.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
