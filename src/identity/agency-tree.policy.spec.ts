import { describe, expect, it } from '@jest/globals';
import { agencyParentProblem } from './agency-tree.policy.js';
import { AgencyKind } from './identity.types.js';

describe('agencyParentProblem', () => {
  it.each([
    [AgencyKind.CentralMinistry, null],
    [AgencyKind.MetropolitanGovernment, null],
    [AgencyKind.BasicGovernment, AgencyKind.MetropolitanGovernment],
    [AgencyKind.EupMyeonDong, AgencyKind.BasicGovernment],
    [AgencyKind.EupMyeonDong, AgencyKind.MetropolitanGovernment],
    [AgencyKind.PublicInstitution, AgencyKind.CentralMinistry],
    [AgencyKind.AdvisoryCommittee, AgencyKind.CentralMinistry],
  ] as const)('allows a %s under %s', (kind, parent) => {
    expect(agencyParentProblem(kind, parent)).toBeNull();
  });

  it.each([
    [AgencyKind.CentralMinistry, AgencyKind.MetropolitanGovernment],
    [AgencyKind.BasicGovernment, null],
    [AgencyKind.BasicGovernment, AgencyKind.CentralMinistry],
    [AgencyKind.EupMyeonDong, AgencyKind.CentralMinistry],
    [AgencyKind.PublicInstitution, null],
    [AgencyKind.AdvisoryCommittee, AgencyKind.EupMyeonDong],
  ] as const)('refuses a %s under %s', (kind, parent) => {
    expect(agencyParentProblem(kind, parent)).toEqual(expect.any(String));
  });
});
