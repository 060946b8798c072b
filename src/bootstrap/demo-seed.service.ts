import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { AgencyRepository } from '../identity/agency.repository.js';
import { DirectoryService } from '../identity/directory.service.js';
import { AgencyKind, UserRole } from '../identity/identity.types.js';

export interface DemoLogin {
  login: string;
  password: string;
}

const AGENCIES = [
  { code: '1741000', name: '행정안전부', nameEn: 'Ministry of the Interior and Safety', kind: AgencyKind.CentralMinistry, parentCode: null },
  { code: '1140100', name: '국민권익위원회', nameEn: 'Anti-Corruption and Civil Rights Commission', kind: AgencyKind.CentralMinistry, parentCode: null },
  { code: 'B552922', name: '한국지역정보개발원', nameEn: 'Korea Local Information Research & Development Institute', kind: AgencyKind.PublicInstitution, parentCode: '1741000' },
  { code: 'C1741001', name: '정부혁신 자문위원회', nameEn: 'Government Innovation Advisory Committee', kind: AgencyKind.AdvisoryCommittee, parentCode: '1741000' },
  { code: '6110000', name: '서울특별시', nameEn: 'Seoul Metropolitan Government', kind: AgencyKind.MetropolitanGovernment, parentCode: null },
  { code: '3000000', name: '서울특별시 종로구', nameEn: 'Jongno-gu', kind: AgencyKind.BasicGovernment, parentCode: '6110000' },
  { code: '3000001', name: '청운효자동', nameEn: 'Cheongunhyoja-dong', kind: AgencyKind.EupMyeonDong, parentCode: '3000000' },
] as const;

const USERS = [
  { login: 'admin', displayName: '관리자', agencyCode: '1741000', departmentName: '디지털정부정책과', position: '사무관', roles: [UserRole.SystemAdmin, UserRole.AgencyAdmin] },
  { login: 'kim.mois', displayName: '김행안', agencyCode: '1741000', departmentName: '협업정책과', position: '주무관', roles: [] },
  { login: 'lee.acrc', displayName: '이권익', agencyCode: '1140100', departmentName: '고충민원조사과', position: '조사관', roles: [UserRole.ComplaintInvestigator] },
  { login: 'park.klid', displayName: '박정보', agencyCode: 'B552922', departmentName: '전략기획실', position: '팀장', roles: [] },
  { login: 'choi.seoul', displayName: '최서울', agencyCode: '6110000', departmentName: '행정과', position: '주무관', roles: [] },
  { login: 'jung.jongno', displayName: '정종로', agencyCode: '3000000', departmentName: '총무과', position: '주무관', roles: [] },
  { login: 'han.dong', displayName: '한동민', agencyCode: '3000001', departmentName: '행정민원팀', position: '주무관', roles: [] },
] as const;

/** Seeds a small demo organisation into an empty database (SEED_DEMO=false skips it). */
@Injectable()
export class DemoSeedService {
  private readonly logger = new Logger(DemoSeedService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedAppConfig,
    private readonly uow: UnitOfWork,
    private readonly agencies: AgencyRepository,
    private readonly directory: DirectoryService,
  ) {}

  /** Seeds when the directory is empty; returns the demo login when one is known. */
  async seedIfEmpty(): Promise<DemoLogin | null> {
    const file = path.join(this.config.dataDir, 'demo-login.json');
    if ((await this.agencies.count()) > 0) {
      return readFile(file, 'utf8').then(
        (text) => JSON.parse(text) as DemoLogin,
        () => null,
      );
    }
    const password = `ieum-${randomBytes(6).toString('hex')}`;
    const hash = await this.directory.hashIfGiven(password);
    await this.uow.run(async (tx) => {
      for (const agency of AGENCIES) await this.directory.createAgencyIn(tx, agency, null);
      for (const user of USERS) await this.directory.createUserIn(tx, { ...user, roles: [...user.roles] }, hash, null);
    });
    const login = { login: 'admin', password };
    await mkdir(this.config.dataDir, { recursive: true });
    await writeFile(file, JSON.stringify(login), { mode: 0o600 });
    this.logger.log(`seeded a demo organisation: ${AGENCIES.length} agencies, ${USERS.length} users`);
    return login;
  }
}
