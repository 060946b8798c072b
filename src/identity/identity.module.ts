import { AuditModule } from '../audit/audit.module.js';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessTokenService } from './access-token.service.js';
import { AdminUsersController } from './admin-users.controller.js';
import { AdminUsersService } from './admin-users.service.js';
import { AgencyEntity } from './agency.entity.js';
import { AgencyRepository } from './agency.repository.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { DepartmentEntity } from './department.entity.js';
import { EndedSessionEntity } from './ended-session.entity.js';
import { EndedSessionRepository } from './ended-session.repository.js';
import { DirectoryController } from './directory.controller.js';
import { DirectorySearchService } from './directory-search.service.js';
import { DirectoryService } from './directory.service.js';
import { LoginThrottleService } from './login-throttle.service.js';
import { MeController } from './me.controller.js';
import { OrgChartImportService } from './org-chart-import.service.js';
import { PasswordService } from './password.service.js';
import { RefreshTokenEntity } from './refresh-token.entity.js';
import { RefreshTokenRepository } from './refresh-token.repository.js';
import { SessionEndHooks } from './session-end.hooks.js';
import { UserEntity } from './user.entity.js';
import { UserRepository } from './user.repository.js';
import { UserAdminRepository } from './user-admin.repository.js';
import { OidcClientService } from './sso/oidc-client.service.js';
import { SsoController } from './sso/sso.controller.js';
import { SsoService } from './sso/sso.service.js';
import { SsoStateStore } from './sso/sso-state.store.js';

const SERVICES = [
  AgencyRepository,
  UserRepository,
  RefreshTokenRepository,
  EndedSessionRepository,
  PasswordService,
  AccessTokenService,
  SessionEndHooks,
  LoginThrottleService,
  AuthService,
  DirectoryService,
  OrgChartImportService,
  UserAdminRepository,
  AdminUsersService,
];

@Module({
  imports: [
    AuditModule,
    TypeOrmModule.forFeature([AgencyEntity, DepartmentEntity, UserEntity, RefreshTokenEntity, EndedSessionEntity]),
  ],
  providers: SERVICES,
  exports: [
    AccessTokenService,
    SessionEndHooks,
    AuthService,
    DirectoryService,
    OrgChartImportService,
    AgencyRepository,
    UserRepository,
    AdminUsersService,
  ],
})
export class IdentityModule {}

/** The HTTP side of identity, loaded only with the api role. */
@Module({
  imports: [IdentityModule],
  controllers: [AuthController, SsoController, MeController, DirectoryController, AdminUsersController],
  providers: [
    { provide: APP_GUARD, useClass: AuthGuard },
    DirectorySearchService,
    OidcClientService,
    SsoStateStore,
    SsoService,
  ],
})
export class IdentityHttpModule {}
