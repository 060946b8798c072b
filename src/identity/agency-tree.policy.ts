import { AgencyKind } from './identity.types.js';

/**
 * Which kind of agency may sit under which. Sejong and Jeju have 읍면동 directly under the
 * metropolitan level, and local governments run public institutions and committees of their own.
 */
const ALLOWED_PARENTS: Readonly<Record<AgencyKind, readonly AgencyKind[] | null>> = {
  [AgencyKind.CentralMinistry]: null,
  [AgencyKind.MetropolitanGovernment]: null,
  [AgencyKind.BasicGovernment]: [AgencyKind.MetropolitanGovernment],
  [AgencyKind.EupMyeonDong]: [AgencyKind.BasicGovernment, AgencyKind.MetropolitanGovernment],
  [AgencyKind.PublicInstitution]: [
    AgencyKind.CentralMinistry,
    AgencyKind.MetropolitanGovernment,
    AgencyKind.BasicGovernment,
  ],
  [AgencyKind.AdvisoryCommittee]: [
    AgencyKind.CentralMinistry,
    AgencyKind.MetropolitanGovernment,
    AgencyKind.BasicGovernment,
  ],
};

/** Returns why `kind` may not sit under `parentKind`, or null when it may. */
export function agencyParentProblem(kind: AgencyKind, parentKind: AgencyKind | null): string | null {
  const allowed = ALLOWED_PARENTS[kind];
  if (allowed === null) return parentKind === null ? null : `a ${kind} is a top-level agency and has no parent`;
  if (parentKind === null) return `a ${kind} needs a parent (${allowed.join(' or ')})`;
  return allowed.includes(parentKind)
    ? null
    : `a ${kind} cannot sit under a ${parentKind} (allowed: ${allowed.join(', ')})`;
}
