import { Controller, Get, Header, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import { Public } from '../identity/auth.decorators.js';
import { MetricsAccess } from './metrics-access.js';
import { MetricsException } from './metrics.exception.js';
import { MetricsService } from './metrics.service.js';
import { Permission } from '../access/permission.decorator.js';

/** Prometheus's scrape endpoint, guarded by address or token rather than a user's sign-in. */
@ApiExcludeController()
@Public()
@Controller()
export class MetricsController {
  private readonly access: MetricsAccess;

  constructor(
    @Inject(APP_CONFIG) config: ResolvedAppConfig,
    private readonly metrics: MetricsService,
  ) {
    this.access = new MetricsAccess(config.metrics.allowedAddresses, config.metrics.token);
  }

  @Permission('metrics')
  @Get('metrics')
  @Header('Cache-Control', 'no-store')
  async scrape(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<string> {
    if (!this.access.permits(request.ip, request.headers.authorization)) throw MetricsException.forbidden();
    response.type(this.metrics.contentType);
    return this.metrics.scrape();
  }
}
