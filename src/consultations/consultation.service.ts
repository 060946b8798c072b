import { Inject, Injectable } from '@nestjs/common';
import {
  VIDEO_CONFERENCE_PROVIDER,
  type VideoConferenceProvider,
  type VideoJoinLink,
} from '../bus/capabilities/video-conference.provider.js';
import { AccessService } from '../access/access.service.js';
import { validationFailed } from '../common/ieum.exception.js';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { AgencyRepository } from '../identity/agency.repository.js';
import type { Principal } from '../identity/identity.types.js';
import { UserRepository } from '../identity/user.repository.js';
import { MeetingRoomService } from '../meetings/meeting-room.service.js';
import { hashToken } from '../meetings/meeting-invitations.service.js';
import {
  ConsultationAvailabilityService,
  type CalendarDayView,
  type SlotView,
} from './consultation-availability.service.js';
import { ConsultationAuditService, staffActor } from './consultation-audit.service.js';
import { ConsultationChangeService } from './consultation-change.service.js';
import { ConsultationNotifier } from './consultation-notifier.service.js';
import type { ConsultationEntity } from './consultation.entity.js';
import { ConsultationException } from './consultation.exception.js';
import { ConsultationSettingsRepository } from './consultation-settings.repository.js';
import { ConsultationRepository } from './consultation.repository.js';
import { ConsultationStatus } from './consultations.types.js';

/** What the citizen sees of their own booking: never the investigator's notes or name. */
export interface CitizenConsultationView {
  status: ConsultationStatus;
  agency: { code: string; name: string; nameEn: string | null };
  topic: string | null;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  summary: string | null;
  caseNumber: string | null;
  /** When the video room opens for them; null once it can no longer be joined. */
  joinOpensAt: string | null;
  /** When it closes again (null with joinOpensAt). */
  joinClosesAt: string | null;
  canChange: boolean;
}

/** The answer to following the confirmation link: the booking, and the personal link the next mail carries. */
export interface CitizenConfirmationView extends CitizenConsultationView {
  manageToken: string;
}

export interface StaffConsultationView {
  id: string;
  status: ConsultationStatus;
  agencyId: string;
  topicId: string | null;
  investigator: { id: string; name: string };
  meetingId: string | null;
  startsAt: string;
  endsAt: string;
  bookedVia: 'citizen' | 'staff';
  citizen: { name: string | null; email: string | null; phone: string | null; timeZone: string; locale: 'ko' | 'en' };
  summary: string | null;
  caseNumber: string | null;
  outcomeNotes: string | null;
  confirmedAt: string | null;
  cancelledAt: string | null;
  noShowAt: string | null;
  anonymised: boolean;
}

/**
 * Reading and handling consultations. Citizen data is read only by the assigned investigator and
 * complaint staff of the same agency (everyone else hears that there is no such consultation),
 * and every read, by staff or by the citizen's own link, goes to the audit log.
 */
@Injectable()
export class ConsultationService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedAppConfig,
    @Inject(VIDEO_CONFERENCE_PROVIDER) private readonly video: VideoConferenceProvider,
    private readonly uow: UnitOfWork,
    private readonly repo: ConsultationRepository,
    private readonly settings: ConsultationSettingsRepository,
    private readonly changes: ConsultationChangeService,
    private readonly notifier: ConsultationNotifier,
    private readonly audits: ConsultationAuditService,
    private readonly availability: ConsultationAvailabilityService,
    private readonly rooms: MeetingRoomService,
    private readonly users: UserRepository,
    private readonly agencies: AgencyRepository,
    private readonly access: AccessService,
  ) {}

  // The citizen, holding only their manage link.

  async forCitizen(token: string, now = new Date()): Promise<CitizenConsultationView> {
    const consultation = await this.byManageToken(token);
    await this.uow.run((tx) => this.audits.audit(tx, 'consultation.read', { kind: 'citizen' }, consultation.id));
    return this.citizenView(consultation, now);
  }

  async cancelByCitizen(token: string, now = new Date()): Promise<CitizenConsultationView> {
    const consultation = await this.byManageToken(token);
    return this.citizenView(await this.changes.cancel(consultation.id, { kind: 'citizen' }, now), now);
  }

  async rescheduleByCitizen(token: string, startsAt: Date, now = new Date()): Promise<CitizenConsultationView> {
    const consultation = await this.byManageToken(token);
    return this.citizenView(await this.changes.move(consultation.id, startsAt, { kind: 'citizen' }, now), now);
  }

  /** The days the citizen could move to, with their investigator's free slots. */
  async calendarForCitizen(
    token: string,
    range: { from: Date; days: number; timeZone: string },
    now = new Date(),
  ): Promise<CalendarDayView[]> {
    const consultation = await this.byManageToken(token);
    return this.availability.calendarForInvestigator(consultation.investigatorId, consultation.agencyId, range, now);
  }

  /** The booking as a calendar entry (the same UID and sequence as the mailed ones, so a later change updates it). */
  async calendarFileForCitizen(token: string): Promise<string> {
    const consultation = await this.byManageToken(token);
    if (consultation.status !== ConsultationStatus.Confirmed) throw ConsultationException.closed();
    const meeting = await this.notifier.meetingOf(consultation);
    return this.notifier.calendarEntry(
      consultation,
      'REQUEST',
      meeting?.sequence ?? 0,
      await this.notifier.labels(consultation),
      this.notifier.manageLink(consultation),
    );
  }

  /** Times the citizen could move to: their investigator's free slots. */
  async slotsForCitizen(
    token: string,
    range: { from: Date; days: number; timeZone: string },
    now = new Date(),
  ): Promise<SlotView[]> {
    const consultation = await this.byManageToken(token);
    return (await this.availability.slotsForInvestigator(consultation.investigatorId, range, now)).filter(
      (s) => s.startsAt !== consultation.startsAt.toISOString(),
    );
  }

  /**
   * The citizen's way into the video room: only for a confirmed booking, only around its slot, into
   * the lobby, and never on a public service without access control unless the operator allowed it.
   */
  async joinByCitizen(token: string, now = new Date()): Promise<VideoJoinLink> {
    const consultation = await this.byManageToken(token);
    if (consultation.status === ConsultationStatus.Pending) throw ConsultationException.notConfirmed();
    if (consultation.status !== ConsultationStatus.Confirmed) throw ConsultationException.closed();
    if (this.video.publicDeployment && !this.config.jitsi.publicAllowedForCitizens)
      throw ConsultationException.videoNotConfigured();
    const entry = consultation.meetingId ? await this.rooms.guestOf(consultation.meetingId) : null;
    if (!entry) throw ConsultationException.closed();
    const margin = this.config.consultations.joinMarginMinutes * 60_000;
    if (now.getTime() < consultation.startsAt.getTime() - margin)
      throw ConsultationException.notOpenYet(
        new Date(consultation.startsAt.getTime() - margin),
        consultation.timeZone,
        now,
      );
    if (now.getTime() >= consultation.endsAt.getTime() + margin) throw ConsultationException.over();
    // Under the citizen's own name, into the lobby the consultation's meeting always has; the attendance service opens their stay and starts the meeting, as for anyone entering.
    return this.rooms.admitGuest(
      entry,
      { name: consultation.citizenName ?? entry.guest.displayName, email: consultation.citizenEmail ?? undefined },
      now,
    );
  }

  // Complaint staff.

  async get(principal: Principal, id: string): Promise<StaffConsultationView> {
    const consultation = await this.readable(principal, id);
    await this.uow.run((tx) => this.audits.audit(tx, 'consultation.read', staffActor(principal), id));
    return (await this.staffViews([consultation]))[0];
  }

  /** The agency's consultations starting in the range (only the caller's own with `mine`); each one listed is an audited read. */
  async list(
    principal: Principal,
    range: { from: Date; days: number; mine?: boolean; statuses?: ConsultationStatus[] },
  ): Promise<StaffConsultationView[]> {
    const staff = await this.availability.staff(principal, 'complaint');
    const rows = await this.repo.list({
      agencyId: staff.agencyId,
      investigatorId: range.mine ? staff.id : undefined,
      from: range.from,
      to: new Date(range.from.getTime() + Math.min(Math.max(range.days, 1), 92) * 86_400_000),
      statuses: range.statuses,
    });
    if (rows.length > 0) {
      await this.uow.run((tx) =>
        this.audits.audit(
          tx,
          'consultation.read',
          staffActor(principal),
          rows.map((r) => r.id),
        ),
      );
    }
    return this.staffViews(rows);
  }

  /** One of the agency's upcoming consultations by its id or the id's first eight or more characters (for /consult). */
  async findForStaff(principal: Principal, idOrPrefix: string, now = new Date()): Promise<ConsultationEntity> {
    const prefix = idOrPrefix.trim().toLowerCase();
    const staff = await this.availability.staff(principal, 'complaint');
    const rows =
      prefix.length >= 4
        ? await this.repo.list({
            agencyId: staff.agencyId,
            from: new Date(now.getTime() - 7 * 86_400_000),
            to: new Date(now.getTime() + 366 * 86_400_000),
          })
        : [];
    const matches = rows.filter((c) => c.id.startsWith(prefix));
    const [match] = matches;
    if (!match || matches.length > 1) throw ConsultationException.notFound();
    return match;
  }

  async cancel(principal: Principal, id: string, now = new Date()): Promise<StaffConsultationView> {
    await this.readable(principal, id);
    return (await this.staffViews([await this.changes.cancel(id, staffActor(principal), now)]))[0];
  }

  async reschedule(principal: Principal, id: string, startsAt: Date, now = new Date()): Promise<StaffConsultationView> {
    await this.readable(principal, id);
    return (await this.staffViews([await this.changes.move(id, startsAt, staffActor(principal), now)]))[0];
  }

  /** Marks that the citizen did not come; possible once the slot has begun. */
  async noShow(principal: Principal, id: string, now = new Date()): Promise<StaffConsultationView> {
    const consultation = await this.readable(principal, id);
    if (consultation.status !== ConsultationStatus.Confirmed) throw ConsultationException.closed();
    if (now.getTime() < consultation.startsAt.getTime()) throw ConsultationException.notStarted();
    await this.uow.run(async (tx) => {
      await this.repo.update(tx, id, { status: ConsultationStatus.NoShow, noShowAt: now });
      await this.audits.audit(tx, 'consultation.no-show', staffActor(principal), id);
    });
    return (await this.staffViews([{ ...consultation, status: ConsultationStatus.NoShow, noShowAt: now }]))[0];
  }

  /** Records what came of it (staff only); a confirmed consultation that has begun becomes completed. */
  async recordOutcome(
    principal: Principal,
    id: string,
    notes: string,
    now = new Date(),
  ): Promise<StaffConsultationView> {
    const consultation = await this.readable(principal, id);
    const text = notes.trim();
    if (text.length === 0 || text.length > 10_000)
      throw validationFailed([{ field: 'notes', problems: ['1 to 10000 characters'] }]);
    if (
      consultation.status === ConsultationStatus.Pending ||
      consultation.status === ConsultationStatus.Expired ||
      consultation.anonymisedAt
    )
      throw ConsultationException.closed();
    const status =
      consultation.status === ConsultationStatus.Confirmed && now.getTime() >= consultation.startsAt.getTime()
        ? ConsultationStatus.Completed
        : consultation.status;
    await this.uow.run(async (tx) => {
      await this.repo.update(tx, id, { outcomeNotes: text, status });
      await this.audits.audit(tx, 'consultation.outcome', staffActor(principal), id);
    });
    return (await this.staffViews([{ ...consultation, outcomeNotes: text, status }]))[0];
  }

  /** The consultation, when the consultation policy lets this person at it; anyone else hears it is not found (a database failure stays one). */
  private async readable(principal: Principal, id: string): Promise<ConsultationEntity> {
    await this.access.requireAccess(principal, 'consultation.read', id);
    const consultation = await this.repo.findById(id);
    if (!consultation) throw ConsultationException.notFound();
    return consultation;
  }

  private async byManageToken(token: string): Promise<ConsultationEntity> {
    const id = /^[A-Za-z0-9_-]{20,100}$/.test(token) ? await this.repo.findIdByManageHash(hashToken(token)) : null;
    const consultation = id ? await this.repo.findById(id) : null;
    // The link carries the token version: a retired link finds nothing.
    if (!consultation || this.notifier.manageToken(consultation) !== token) throw ConsultationException.linkInvalid();
    return consultation;
  }

  private async citizenView(c: ConsultationEntity, now: Date): Promise<CitizenConsultationView> {
    const agency = await this.agencies.findById(c.agencyId);
    const topic = c.topicId ? await this.settings.findTopic(c.topicId) : null;
    const margin = this.config.consultations.joinMarginMinutes * 60_000;
    const open = c.status === ConsultationStatus.Confirmed && now.getTime() < c.endsAt.getTime() + margin;
    return {
      status: c.status,
      agency: { code: agency?.code ?? '', name: agency?.name ?? '', nameEn: agency?.nameEn ?? null },
      topic: topic ? (c.locale === 'en' && topic.nameEn ? topic.nameEn : topic.name) : null,
      startsAt: c.startsAt.toISOString(),
      endsAt: c.endsAt.toISOString(),
      timeZone: c.timeZone,
      name: c.citizenName,
      email: c.citizenEmail,
      phone: c.citizenPhone,
      summary: c.summary,
      caseNumber: c.caseNumber,
      joinOpensAt: open ? new Date(c.startsAt.getTime() - margin).toISOString() : null,
      joinClosesAt: open ? new Date(c.endsAt.getTime() + margin).toISOString() : null,
      canChange: c.status === ConsultationStatus.Confirmed && now.getTime() < c.startsAt.getTime(),
    };
  }

  private async staffViews(rows: ConsultationEntity[]): Promise<StaffConsultationView[]> {
    const names = new Map(
      (await this.users.findByIds([...new Set(rows.map((r) => r.investigatorId))])).map((u) => [u.id, u.displayName]),
    );
    return rows.map((c) => ({
      id: c.id,
      status: c.status,
      agencyId: c.agencyId,
      topicId: c.topicId,
      investigator: { id: c.investigatorId, name: names.get(c.investigatorId) ?? '' },
      meetingId: c.meetingId,
      startsAt: c.startsAt.toISOString(),
      endsAt: c.endsAt.toISOString(),
      bookedVia: c.bookedVia,
      citizen: {
        name: c.citizenName,
        email: c.citizenEmail,
        phone: c.citizenPhone,
        timeZone: c.timeZone,
        locale: c.locale,
      },
      summary: c.summary,
      caseNumber: c.caseNumber,
      outcomeNotes: c.outcomeNotes,
      confirmedAt: c.confirmedAt?.toISOString() ?? null,
      cancelledAt: c.cancelledAt?.toISOString() ?? null,
      noShowAt: c.noShowAt?.toISOString() ?? null,
      anonymised: c.anonymisedAt !== null,
    }));
  }
}
