import { Inject, Injectable } from '@nestjs/common';
import {
  VIDEO_CONFERENCE_PROVIDER,
  type VideoConferenceProvider,
} from '../bus/capabilities/video-conference.provider.js';
import { validationFailed } from '../common/ieum.exception.js';
import { AgencyRepository } from '../identity/agency.repository.js';
import { UserRole, type Principal } from '../identity/identity.types.js';
import { MeetingException } from '../meetings/meeting.exception.js';
import type { MeetingKind } from '../meetings/meetings.types.js';
import { HeldMeetingRepository } from './held-meeting.repository.js';

export interface MeetingRecordInput {
  externalId?: string;
  title: string;
  kind: MeetingKind;
  agencyCode: string;
  startedAt: Date;
  endedAt: Date;
  participants: number;
}

/** Records of meetings held before Ieum (or on another system), imported for the usage report. */
@Injectable()
export class MeetingRecordService {
  constructor(
    @Inject(VIDEO_CONFERENCE_PROVIDER) private readonly video: VideoConferenceProvider,
    private readonly held: HeldMeetingRepository,
    private readonly agencies: AgencyRepository,
  ) {}

  /**
   * System administrators only. A record with an external id already imported is skipped, so an
   * import can be re-run. Every record must have ended by `now`; a batch with one that has not is
   * refused whole.
   */
  async importRecords(
    principal: Principal,
    records: MeetingRecordInput[],
    now = new Date(),
  ): Promise<{ imported: number; skipped: number }> {
    if (!principal.roles.includes(UserRole.SystemAdmin)) throw MeetingException.notAdmin();
    const unheld = records.flatMap((r, i) =>
      r.endedAt.getTime() > now.getTime()
        ? [{ index: i, field: `records[${i}].endedAt`, externalId: r.externalId ?? null }]
        : [],
    );
    if (unheld.length > 0) throw MeetingException.recordNotHeld(unheld);
    const agencies = new Map(
      (await this.agencies.findByCodes([...new Set(records.map((r) => r.agencyCode))])).map((a) => [a.code, a.id]),
    );
    const problems = records.flatMap((r, i) => [
      ...(agencies.has(r.agencyCode)
        ? []
        : [{ field: `records[${i}].agencyCode`, problems: [`no agency with code ${r.agencyCode}`] }]),
      ...(r.endedAt.getTime() > r.startedAt.getTime()
        ? []
        : [{ field: `records[${i}].endedAt`, problems: ['after startedAt'] }]),
    ]);
    if (problems.length > 0) throw validationFailed(problems.slice(0, 20));
    const imported = await this.held.insertRecords(
      records.map((r) => ({
        title: r.title,
        kind: r.kind,
        agencyId: agencies.get(r.agencyCode) ?? '',
        startedAt: r.startedAt,
        endedAt: r.endedAt,
        participants: r.participants,
        timeZone: 'Asia/Seoul',
        videoRoom: this.video.generateRoomName(),
        sourceKey: r.externalId ? `record-${r.externalId}` : null,
      })),
    );
    return { imported, skipped: records.length - imported };
  }
}
