import os from 'node:os';

export interface MachineSample {
  load1: number;
  /** Share of all cores busy over the sample, 0-1. */
  cpuBusy: number;
}

function cpuTimes(): { idle: number; total: number } {
  let idle = 0;
  let total = 0;
  for (const cpu of os.cpus()) {
    const t = cpu.times;
    idle += t.idle;
    total += t.user + t.nice + t.sys + t.idle + t.irq;
  }
  return { idle, total };
}

export async function sampleMachine(ms = 1000): Promise<MachineSample> {
  const before = cpuTimes();
  await new Promise((r) => setTimeout(r, ms));
  const after = cpuTimes();
  const total = after.total - before.total;
  return { load1: os.loadavg()[0] ?? 0, cpuBusy: total > 0 ? 1 - (after.idle - before.idle) / total : 0 };
}

/**
 * Waits (up to `maxWaitMs`) for the machine to be idle: less than `busyAbove` of the cores busy
 * over a one-second sample. Returns the last sample and whether it was idle; the caller warns.
 */
export async function waitIdle(
  busyAbove = 0.25,
  maxWaitMs = 30_000,
): Promise<MachineSample & { idle: boolean; waitedMs: number }> {
  const start = Date.now();
  for (;;) {
    const sample = await sampleMachine();
    const waitedMs = Date.now() - start;
    if (sample.cpuBusy < busyAbove) return { ...sample, idle: true, waitedMs };
    if (waitedMs >= maxWaitMs) return { ...sample, idle: false, waitedMs };
  }
}
