import { Global, Module } from '@nestjs/common';
import { RedisRecovery } from './redis-recovery.js';
import { RedisService } from './redis.service.js';

@Global()
@Module({ providers: [RedisService, RedisRecovery], exports: [RedisService, RedisRecovery] })
export class RedisModule {}
