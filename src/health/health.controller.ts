import { Controller, Get, HttpCode, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DatabaseRepository } from '../database/database.repository.js';
import { Public } from '../identity/auth.decorators.js';
import { RedisService } from '../redis/redis.service.js';
import { ApiErrors } from '../common/api-errors.js';
import { HealthResponseSchema, ReadyResponseSchema } from './health.responses.js';
import { Permission } from '../access/permission.decorator.js';

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
  @ApiOperation({ summary: '살아 있는지 확인 / Liveness: the process answers' })
  @ApiOkResponse({ type: HealthResponseSchema })
  @ApiErrors({ 400: ['CONTROL_CHARACTERS'] })
  @Permission('public')
  @Get('health')
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: PostgreSQL and Redis both answer. */
  @ApiOperation({ summary: '준비 상태 확인 / Readiness: PostgreSQL and Redis both answer (503 when not)' })
  @ApiOkResponse({ type: ReadyResponseSchema })
  @ApiErrors({ 400: ['CONTROL_CHARACTERS'] })
  @Permission('public')
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
