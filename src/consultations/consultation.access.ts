import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AccessService, type AccessPolicy } from '../access/access.service.js';
import { UserRole, type Principal } from '../identity/identity.types.js';
import type { UserEntity } from '../identity/user.entity.js';
import { UserRepository } from '../identity/user.repository.js';
import { ConsultationException } from './consultation.exception.js';
import { ConsultationRepository } from './consultation.repository.js';

/** Whether this account, as it stands now, is complaint staff (an active staff member of an agency with the complaint investigator role); their agency, or null. */
export function complaintStaffAgency(user: UserEntity | null): string | null {
  return user &&
    user.kind === 'staff' &&
    !user.disabledAt &&
    user.agencyId &&
    user.roles.includes(UserRole.ComplaintInvestigator)
    ? user.agencyId
    : null;
}

/** Whether this account, as it stands now, administers an agency (its consultation settings); that agency, or null. */
export function adminAgency(user: UserEntity | null): string | null {
  return user && user.kind === 'staff' && !user.disabledAt && user.agencyId && user.roles.includes(UserRole.AgencyAdmin)
    ? user.agencyId
    : null;
}

/**
 * Who may do what to consultations, as staff (a citizen holds their manage link instead). Read and
 * manage (cancel, move, no-show, outcome): the investigator it is booked with, and the complaint
 * investigators of its agency, as their account stands now (not disabled, still in that agency).
 * Two statements, whatever the number of consultations.
 */
@Injectable()
export class ConsultationAccessPolicy implements AccessPolicy, OnModuleInit {
  readonly resource = 'consultation';

  constructor(
    private readonly access: AccessService,
    private readonly consultations: ConsultationRepository,
    private readonly users: UserRepository,
  ) {}

  onModuleInit(): void {
    this.access.register(this);
  }

  async allowed(principal: Principal, action: string, ids: readonly string[]): Promise<Set<string>> {
    if (action !== 'read' && action !== 'manage') return new Set();
    const [rows, user] = await Promise.all([this.consultations.scopes(ids), this.users.findById(principal.userId)]);
    const complaintStaffOf = complaintStaffAgency(user);
    return new Set(
      rows
        .filter(
          (c) =>
            c.investigatorId === principal.userId || (complaintStaffOf !== null && c.agencyId === complaintStaffOf),
        )
        .map((c) => c.id),
    );
  }

  notFound(): Error {
    return ConsultationException.notFound();
  }

  forbidden(): Error {
    return ConsultationException.notFound();
  }
}
