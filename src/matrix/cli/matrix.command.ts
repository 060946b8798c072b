import { Inject } from '@nestjs/common';
import { writeFile } from 'node:fs/promises';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { APP_CONFIG, type ResolvedAppConfig } from '../../config/app-config.js';
import { invalidInput } from '../../identity/cli/cli-output.js';
import { registrationYaml } from '../registration.js';

interface RegistrationOptions {
  out?: string;
}

@SubCommand({
  name: 'registration',
  description: 'write the application-service registration file for the homeserver (from MATRIX_* settings)',
})
export class MatrixRegistrationCommand extends CommandRunner {
  constructor(@Inject(APP_CONFIG) private readonly config: ResolvedAppConfig) {
    super();
  }

  async run(_params: string[], options: RegistrationOptions): Promise<void> {
    const matrix = this.config.matrix;
    if (!matrix)
      throw invalidInput(
        'MATRIX_HOMESERVER_URL',
        'set MATRIX_HOMESERVER_URL, MATRIX_SERVER_NAME, MATRIX_AS_TOKEN and MATRIX_HS_TOKEN (two random strings of 32+ characters, such as `openssl rand -hex 32`) first',
      );
    const yaml = registrationYaml({
      id: matrix.appserviceId,
      url: matrix.appserviceUrl,
      asToken: matrix.asToken,
      hsToken: matrix.hsToken,
      serverName: matrix.serverName,
      userPrefix: matrix.userPrefix,
    });
    if (!options.out) {
      process.stdout.write(yaml);
      return;
    }
    // The file holds both tokens: readable by its owner only.
    await writeFile(options.out, yaml, { mode: 0o600 });
    process.stdout.write(`wrote ${options.out}\n`);
  }

  @Option({ flags: '--out <file>', description: 'write to this file (mode 600) instead of printing' })
  out(value: string): string {
    return value;
  }
}

@Command({ name: 'matrix', description: 'the Matrix bridge: registration', subCommands: [MatrixRegistrationCommand] })
export class MatrixCommand extends CommandRunner {
  run(): Promise<void> {
    this.command.help();
    return Promise.resolve();
  }
}
