import { Module } from '@nestjs/common';
import { MATRIX_HOMESERVER, type MatrixHomeserver } from '../../src/bus/capabilities/matrix-homeserver.js';
import { APP_CONFIG, type ResolvedAppConfig } from '../../src/config/app-config.js';
import { MatrixAppServiceConnector, MatrixCredentials } from './matrix-appservice.connector.js';

function credentials(config: ResolvedAppConfig): MatrixCredentials | null {
  const matrix = config.matrix;
  return matrix ? new MatrixCredentials(matrix) : null;
}

/** The homeserver, from MATRIX_* settings; null (and the bridge idle) when MATRIX_HOMESERVER_URL is unset. */
@Module({
  providers: [
    { provide: MatrixCredentials, inject: [APP_CONFIG], useFactory: credentials },
    {
      provide: MATRIX_HOMESERVER,
      inject: [MatrixCredentials],
      useFactory: (c: MatrixCredentials | null): MatrixHomeserver | null =>
        c ? new MatrixAppServiceConnector(c) : null,
    },
  ],
  exports: [MatrixCredentials, MATRIX_HOMESERVER],
})
export class MatrixHomeserverModule {}
