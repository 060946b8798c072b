export const AgencyKind = {
  CentralMinistry: 'central_ministry',
  MetropolitanGovernment: 'metropolitan_government',
  BasicGovernment: 'basic_government',
  EupMyeonDong: 'eup_myeon_dong',
  PublicInstitution: 'public_institution',
  AdvisoryCommittee: 'advisory_committee',
} as const;
export type AgencyKind = (typeof AgencyKind)[keyof typeof AgencyKind];
export const AGENCY_KINDS = Object.values(AgencyKind);

export const UserKind = {
  Staff: 'staff',
  Citizen: 'citizen',
  CommitteeMember: 'committee_member',
  /** A bot's own user: it writes its replies through the messenger like anyone else. */
  Bot: 'bot',
} as const;
export type UserKind = (typeof UserKind)[keyof typeof UserKind];
export const USER_KINDS = Object.values(UserKind);

export const UserRole = {
  Member: 'member',
  AgencyAdmin: 'agency_admin',
  SystemAdmin: 'system_admin',
  ComplaintInvestigator: 'complaint_investigator',
} as const;
export type UserRole = (typeof UserRole)[keyof typeof UserRole];
export const USER_ROLES = Object.values(UserRole);

/** Who is calling: what the auth guard puts on a request and services authorise against. */
export interface Principal {
  userId: string;
  kind: UserKind;
  agencyId: string | null;
  roles: readonly UserRole[];
  tokenId: string;
  tokenExpiresAt: number;
  /** The session (refresh-token family) the access token belongs to; absent for principals made in-process (bots, mail replies). */
  sessionId?: string;
  /** Where the request came from, as Express resolves it with TRUST_PROXY; absent in-process. Access records name it. */
  address?: string;
}

/** Why a session ended before its tokens expired. */
export const SessionEndReason = {
  SignedOut: 'signed_out',
  SignedOutEverywhere: 'signed_out_everywhere',
  RefreshTokenReused: 'refresh_token_reused',
  /** An administrator disabled the account. */
  AccountDisabled: 'account_disabled',
  /** An administrator took a role away: the person signs in again with the roles they now hold. */
  RolesChanged: 'roles_changed',
  /** The password changed (by the person, whose own session goes on, or by an operator). */
  PasswordChanged: 'password_changed',
} as const;
export type SessionEndReason = (typeof SessionEndReason)[keyof typeof SessionEndReason];
export const SESSION_END_REASONS = Object.values(SessionEndReason);

/** Sign-in names compare after NFKC (full-width forms), trimming and lower-casing. */
export function normaliseLogin(login: string): string {
  return login.normalize('NFKC').trim().toLowerCase();
}
