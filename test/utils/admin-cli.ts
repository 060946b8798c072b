import { spawn } from 'node:child_process';
import type { ResolvedAppConfig } from '../../src/config/app-config.js';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `npm run admin -- <args>` (the built CLI) against a test app's database, Redis keys and secret. */
export function runAdminCli(
  config: ResolvedAppConfig,
  args: string[],
  env: Record<string, string> = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/src/cli.js', ...args], {
      env: {
        PATH: process.env.PATH,
        DATABASE_URL: config.database.url,
        REDIS_URL: config.redis.url,
        BUS_PREFIX: config.bus.prefix,
        JWT_SECRET: config.auth.jwtSecret,
        LOG_LEVEL: 'error',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
