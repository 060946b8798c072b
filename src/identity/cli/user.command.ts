import { randomBytes } from 'node:crypto';
import { Command, CommandRunner, Option, SubCommand } from 'nest-commander';
import { AdminUsersService } from '../admin-users.service.js';
import { AuthService } from '../auth.service.js';
import { DirectoryService } from '../directory.service.js';
import { SessionEndReason, USER_ROLES, UserRole } from '../identity.types.js';
import { invalidInput } from './cli-output.js';

interface CreateOptions {
  login: string;
  name: string;
  agency: string;
  department?: string;
  email?: string;
  position?: string;
  roles?: string;
  password?: string;
}

function isUserRole(value: string): value is UserRole {
  return (USER_ROLES as readonly string[]).includes(value);
}

function generatedPassword(): string {
  return randomBytes(12).toString('base64url');
}

@SubCommand({ name: 'create', description: 'create a staff user in an agency' })
export class UserCreateCommand extends CommandRunner {
  constructor(private readonly directory: DirectoryService) {
    super();
  }

  async run(_params: string[], options: CreateOptions): Promise<void> {
    const roles = (options.roles ?? UserRole.Member)
      .split(/[;,]/)
      .map((r) => r.trim())
      .filter(Boolean);
    const unknown = roles.filter((r) => !isUserRole(r));
    if (unknown.length > 0)
      throw invalidInput('--roles', `unknown ${unknown.join(', ')}; roles are ${USER_ROLES.join(', ')}`);
    const password = options.password ?? generatedPassword();
    const user = await this.directory.createUser({
      login: options.login,
      displayName: options.name,
      agencyCode: options.agency,
      departmentName: options.department ?? null,
      email: options.email ?? null,
      position: options.position ?? null,
      roles: roles.filter(isUserRole),
      password,
    });
    process.stdout.write(`created user ${user.login} (${user.displayName})\n`);
    if (options.password === undefined) process.stdout.write(`password: ${password}  (shown once)\n`);
  }

  @Option({ flags: '--login <login>', required: true })
  login(value: string): string {
    return value;
  }

  @Option({ flags: '--name <name>', description: 'display name', required: true })
  name(value: string): string {
    return value;
  }

  @Option({ flags: '--agency <code>', description: 'agency code', required: true })
  agency(value: string): string {
    return value;
  }

  @Option({ flags: '--department <name>' })
  department(value: string): string {
    return value;
  }

  @Option({ flags: '--email <address>' })
  email(value: string): string {
    return value;
  }

  @Option({ flags: '--position <title>' })
  position(value: string): string {
    return value;
  }

  @Option({ flags: '--roles <roles>', description: `separated by ; from ${USER_ROLES.join(', ')}` })
  roles(value: string): string {
    return value;
  }

  @Option({ flags: '--password <password>', description: 'otherwise one is generated and printed once' })
  password(value: string): string {
    return value;
  }
}

@SubCommand({ name: 'password', description: 'give a user a new generated password; their sessions end' })
export class UserPasswordCommand extends CommandRunner {
  constructor(
    private readonly directory: DirectoryService,
    private readonly auth: AuthService,
  ) {
    super();
  }

  async run(_params: string[], options: { login: string }): Promise<void> {
    const password = generatedPassword();
    const userId = await this.directory.setPassword(options.login, password);
    await this.auth.endAllSessions(userId, SessionEndReason.PasswordChanged);
    process.stdout.write(`new password for ${options.login}: ${password}  (shown once)\n`);
  }

  @Option({ flags: '--login <login>', required: true })
  login(value: string): string {
    return value;
  }
}

@SubCommand({
  name: 'disable',
  arguments: '<login>',
  description: 'disable a user: no sign-in, every session and socket ends at once',
})
export class UserDisableCommand extends CommandRunner {
  constructor(private readonly admin: AdminUsersService) {
    super();
  }

  async run([login]: string[]): Promise<void> {
    if (!login) throw invalidInput('<login>', 'the sign-in name of the user to disable');
    const user = await this.admin.disableByLogin(login);
    process.stdout.write(
      `USER_DISABLED: ${user.login} 사용자의 계정 사용을 중지하고 모든 세션을 종료했습니다. / disabled ${user.login} and ended every session\n`,
    );
  }
}

@Command({
  name: 'user',
  description: 'users: create, password, disable',
  subCommands: [UserCreateCommand, UserPasswordCommand, UserDisableCommand],
})
export class UserCommand extends CommandRunner {
  run(): Promise<void> {
    this.command.help();
    return Promise.resolve();
  }
}
