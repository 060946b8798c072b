import { Global, Module } from '@nestjs/common';
import { AccessService } from './access.service.js';

/** The access layer, for every feature module to register its policy with and ask. */
@Global()
@Module({ providers: [AccessService], exports: [AccessService] })
export class AccessModule {}
