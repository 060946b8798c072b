import { AgencyKind, UserRole } from '../identity/identity.types.js';

/** The demo organisation: two ministries, a public institution and a committee under one, and a city down to a 읍면동 office. */
export const DEMO_AGENCIES = [
  {
    code: '1741000',
    name: '행정안전부',
    nameEn: 'Ministry of the Interior and Safety',
    kind: AgencyKind.CentralMinistry,
    parentCode: null,
  },
  {
    code: '1140100',
    name: '국민권익위원회',
    nameEn: 'Anti-Corruption and Civil Rights Commission',
    kind: AgencyKind.CentralMinistry,
    parentCode: null,
  },
  {
    code: 'B552922',
    name: '한국지역정보개발원',
    nameEn: 'Korea Local Information Research & Development Institute',
    kind: AgencyKind.PublicInstitution,
    parentCode: '1741000',
  },
  {
    code: 'C1741001',
    name: '정부혁신 자문위원회',
    nameEn: 'Government Innovation Advisory Committee',
    kind: AgencyKind.AdvisoryCommittee,
    parentCode: '1741000',
  },
  {
    code: '6110000',
    name: '서울특별시',
    nameEn: 'Seoul Metropolitan Government',
    kind: AgencyKind.MetropolitanGovernment,
    parentCode: null,
  },
  {
    code: '3000000',
    name: '서울특별시 종로구',
    nameEn: 'Jongno-gu',
    kind: AgencyKind.BasicGovernment,
    parentCode: '6110000',
  },
  {
    code: '3000001',
    name: '청운효자동',
    nameEn: 'Cheongunhyoja-dong',
    kind: AgencyKind.EupMyeonDong,
    parentCode: '3000000',
  },
] as const;

export interface DemoPerson {
  login: string;
  displayName: string;
  agencyCode: string;
  departmentName: string;
  position: string;
  roles: UserRole[];
  /** What this person is, in plain words, for the start-up lines. */
  role: string;
}

/**
 * Every demo person signs in with one generated password. Their addresses are under `.example`
 * (RFC 2606), which no mail server delivers to, should someone point the demo at real SMTP.
 */
export const DEMO_PEOPLE: readonly DemoPerson[] = [
  {
    login: 'admin',
    displayName: '관리자',
    agencyCode: '1741000',
    departmentName: '디지털정부정책과',
    position: '사무관',
    roles: [UserRole.SystemAdmin, UserRole.AgencyAdmin],
    role: 'system administrator (every agency), and agency administrator of 행정안전부',
  },
  {
    login: 'kim.mois',
    displayName: '김행안',
    agencyCode: '1741000',
    departmentName: '협업정책과',
    position: '주무관',
    roles: [],
    role: 'public servant at 행정안전부 (a ministry)',
  },
  {
    login: 'lee.acrc',
    displayName: '이권익',
    agencyCode: '1140100',
    departmentName: '고충민원조사과',
    position: '조사관',
    roles: [UserRole.ComplaintInvestigator],
    role: 'complaint investigator at 국민권익위원회, with published consultation hours',
  },
  {
    login: 'seo.acrc',
    displayName: '서민원',
    agencyCode: '1140100',
    departmentName: '민원정책과',
    position: '사무관',
    roles: [UserRole.AgencyAdmin],
    role: 'agency administrator of 국민권익위원회 (its consultation topics)',
  },
  {
    login: 'park.klid',
    displayName: '박정보',
    agencyCode: 'B552922',
    departmentName: '전략기획실',
    position: '팀장',
    roles: [],
    role: 'staff of 한국지역정보개발원 (a public institution under 행정안전부)',
  },
  {
    login: 'choi.seoul',
    displayName: '최서울',
    agencyCode: '6110000',
    departmentName: '행정과',
    position: '주무관',
    roles: [],
    role: 'public servant at 서울특별시 (a metropolitan government)',
  },
  {
    login: 'yoon.seoul',
    displayName: '윤서울',
    agencyCode: '6110000',
    departmentName: '정보화담당관',
    position: '사무관',
    roles: [UserRole.AgencyAdmin],
    role: 'agency administrator of 서울특별시 and the offices under it (종로구, 청운효자동)',
  },
  {
    login: 'jung.jongno',
    displayName: '정종로',
    agencyCode: '3000000',
    departmentName: '총무과',
    position: '주무관',
    roles: [],
    role: 'public servant at 서울특별시 종로구 (a district)',
  },
  {
    login: 'han.dong',
    displayName: '한동민',
    agencyCode: '3000001',
    departmentName: '행정민원팀',
    position: '주무관',
    roles: [],
    role: 'public servant at 청운효자동 (a 읍면동 office)',
  },
];

/** An outside member of the advisory committee: no account, joins its meetings by the personal link in each invitation. */
export const DEMO_COMMITTEE_GUEST = { name: '강자문', email: 'kang.advisor@committee.example' } as const;

export function demoEmail(login: string): string {
  return `${login}@ieum-demo.example`;
}
