import { Controller, Get, HttpCode, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DatabaseRepository } from '../database/database.repository.js';
import { Public } from '../identity/auth.decorators.js';
import { RedisService } from '../redis/redis.service.js';

const TIMEOUT_MS = 2000;

function withTimeout(work: Promise<void>): Promise<'ok' | 'down'> {
  return Promise.race([
    work.then(() => 'ok' as const),
    new Promise<'down'>((resolve) => setTimeout(() => resolve('down'), TIMEOUT_MS).unref()),
  ]).catch(() => 'down' as const);
}

@ApiTags('operations')
@Public()
@Controller()
export class HealthController {
  constructor(
    private readonly database: DatabaseRepository,
    private readonly redis: RedisService,
  ) {}

  /** Liveness: the process answers. */
  @Get('health')
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: PostgreSQL and Redis both answer. */
  @Get('ready')
  @HttpCode(200)
  async ready(): Promise<{ status: 'ready'; postgres: 'ok'; redis: 'ok' }> {
    const [postgres, redis] = await Promise.all([withTimeout(this.database.ping()), withTimeout(this.redis.ping())]);
    if (postgres !== 'ok' || redis !== 'ok') {
      throw new ServiceUnavailableException({ status: 'not-ready', postgres, redis });
    }
    return { status: 'ready', postgres, redis };
  }
}
