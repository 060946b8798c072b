import { Module } from '@nestjs/common';
import { MatrixModule } from '../../src/matrix/matrix.module.js';
import { AppServiceController } from './appservice.controller.js';

/** The application-service HTTP endpoints the homeserver calls; loaded with the api role. */
@Module({ imports: [MatrixModule], controllers: [AppServiceController] })
export class MatrixAppServiceModule {}
