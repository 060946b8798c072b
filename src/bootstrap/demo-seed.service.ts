import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { AgencyRepository } from '../identity/agency.repository.js';
import { DirectoryService } from '../identity/directory.service.js';
import { UserRepository } from '../identity/user.repository.js';
import { DemoContentService } from './demo-content.service.js';
import { DEMO_AGENCIES, DEMO_COMMITTEE_GUEST, DEMO_PEOPLE, demoEmail } from './demo-organisation.js';

/** What `.data/demo-login.json` holds: the first person's login and the one password every demo person has. */
export interface DemoLogin {
  login: string;
  password: string;
}

export interface DemoSeedOutcome {
  /** True when this start seeded the database (and so prints the password). */
  created: boolean;
  /** Known on the start that created it; later, read it from `passwordFile`. */
  password: string | null;
  passwordFile: string;
  people: Array<{ login: string; displayName: string; role: string }>;
  guest: { name: string; email: string };
  /** Why the demo's tasks, memos, posts and meetings are missing, when making them failed. */
  contentProblem: string | null;
}

/** Seeds the demo organisation and its first day's content into an empty database (SEED_DEMO=false skips it). */
@Injectable()
export class DemoSeedService {
  private readonly logger = new Logger(DemoSeedService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedAppConfig,
    private readonly uow: UnitOfWork,
    private readonly agencies: AgencyRepository,
    private readonly users: UserRepository,
    private readonly directory: DirectoryService,
    private readonly content: DemoContentService,
  ) {}

  /** Seeds when the directory is empty; either way says who the demo people are. */
  async seedIfEmpty(): Promise<DemoSeedOutcome | null> {
    const file = path.join(this.config.dataDir, 'demo-login.json');
    const pending = `${file}.pending`;
    if ((await this.agencies.count()) > 0) {
      const read = (name: string) =>
        readFile(name, 'utf8').then(
          (text) => JSON.parse(text) as DemoLogin,
          () => null,
        );
      // A start that stopped while seeding left the password in the pending file.
      const known =
        (await read(file)) ?? ((await read(pending)) && (await rename(pending, file).then(() => read(file))));
      if (!known) return null;
      const present = new Set((await this.users.findByLogins(DEMO_PEOPLE.map((p) => p.login))).map((u) => u.login));
      return this.outcome(false, null, file, (login) => present.has(login), null);
    }
    const started = Date.now();
    const password = `ieum-${randomBytes(6).toString('hex')}`;
    // Kept aside first, so a start that stops after the directory commits still finds the password;
    // the file itself appears when seeding is done (the browser tests wait for it).
    await mkdir(this.config.dataDir, { recursive: true });
    await writeFile(pending, JSON.stringify({ login: 'admin', password } satisfies DemoLogin), { mode: 0o600 });
    const hash = await this.directory.hashIfGiven(password);
    await this.uow.run(async (tx) => {
      for (const agency of DEMO_AGENCIES) await this.directory.createAgencyIn(tx, agency, null);
      for (const person of DEMO_PEOPLE) {
        await this.directory.createUserIn(
          tx,
          {
            login: person.login,
            displayName: person.displayName,
            email: demoEmail(person.login),
            agencyCode: person.agencyCode,
            departmentName: person.departmentName,
            position: person.position,
            roles: [...person.roles],
          },
          hash,
          null,
        );
      }
    });
    let contentProblem: string | null = null;
    try {
      await this.content.seed();
    } catch (error) {
      // The organisation is there and people can sign in; the sample work is a convenience.
      contentProblem = error instanceof Error ? error.message : String(error);
      this.logger.error(`the demo's tasks, memos, posts and meetings could not all be made: ${contentProblem}`);
    }
    await rename(pending, file);
    this.logger.log(
      `seeded a demo organisation in ${Date.now() - started} ms: ${DEMO_AGENCIES.length} agencies, ${DEMO_PEOPLE.length} people, tasks, memos, wall posts, meetings, an investigator's hours`,
    );
    return this.outcome(true, password, file, () => true, contentProblem);
  }

  private outcome(
    created: boolean,
    password: string | null,
    passwordFile: string,
    present: (login: string) => boolean,
    contentProblem: string | null,
  ): DemoSeedOutcome {
    return {
      created,
      password,
      passwordFile,
      people: DEMO_PEOPLE.filter((p) => present(p.login)).map((p) => ({
        login: p.login,
        displayName: p.displayName,
        role: p.role,
      })),
      guest: { ...DEMO_COMMITTEE_GUEST },
      contentProblem,
    };
  }
}
