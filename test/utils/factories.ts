import type { INestApplicationContext } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { AgencyEntity } from '../../src/identity/agency.entity.js';
import { DirectoryService, type CreateUserInput } from '../../src/identity/directory.service.js';
import { AgencyKind, type UserRole } from '../../src/identity/identity.types.js';
import type { UserEntity } from '../../src/identity/user.entity.js';

export const TEST_PASSWORD = 'correct horse battery staple';

const unique = () => randomBytes(3).toString('hex');

/** Builds directory data through the real services, as an admin would. */
export class Factory {
  private readonly directory: DirectoryService;

  constructor(app: INestApplicationContext) {
    this.directory = app.get(DirectoryService);
  }

  async agency(
    overrides: Partial<{ code: string; name: string; kind: AgencyKind; parentCode: string | null }> = {},
  ): Promise<AgencyEntity> {
    const code = overrides.code ?? `A${unique()}`;
    return this.directory.createAgency({
      code,
      name: overrides.name ?? `기관 ${code}`,
      kind: overrides.kind ?? AgencyKind.CentralMinistry,
      parentCode: overrides.parentCode ?? null,
    });
  }

  async user(
    agency: AgencyEntity,
    overrides: Partial<CreateUserInput> & { roles?: UserRole[] } = {},
  ): Promise<UserEntity> {
    return this.directory.createUser({
      login: overrides.login ?? `user.${unique()}`,
      displayName: overrides.displayName ?? '홍길동',
      agencyCode: agency.code,
      password: TEST_PASSWORD,
      ...overrides,
    });
  }
}
