import { Inject, Injectable } from '@nestjs/common';
import { createHmac } from 'node:crypto';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';
import type { Tx } from '../database/unit-of-work.js';
import { AgencyRepository } from '../identity/agency.repository.js';
import { UserRepository } from '../identity/user.repository.js';
import { MailService } from '../mail/mail.service.js';
import { buildInvitationIcs } from '../meetings/meeting-calendar.js';
import type { MeetingEntity } from '../meetings/meeting.entity.js';
import { MeetingService } from '../meetings/meeting.service.js';
import { minutesBetween } from './availability.js';
import { renderConsultationMail, type ConsultationMailKind } from './consultation-mail.renderer.js';
import { ConsultationSettingsRepository } from './consultation-settings.repository.js';
import type { ConsultationEntity } from './consultation.entity.js';

/** Names a booking's mails and meeting carry. */
export interface Labels {
  agencyName: string;
  topic: { ko: string; en: string } | null;
  investigatorName: string;
  timeZone: string;
}

/**
 * What a booking tells its citizen: the names it carries, the mails with their calendar entry, the
 * personal link, and the meeting's sequence for that entry.
 */
@Injectable()
export class ConsultationNotifier {
  constructor(
    @Inject(APP_CONFIG) private readonly config: ResolvedAppConfig,
    private readonly settings: ConsultationSettingsRepository,
    private readonly meetings: MeetingService,
    private readonly agencies: AgencyRepository,
    private readonly users: UserRepository,
    private readonly mail: MailService,
  ) {}

  /** The citizen's personal link, derived from the booking so every mail can carry it again without storing it. */
  manageLink(consultation: Pick<ConsultationEntity, 'id' | 'tokenVersion'>): string {
    return `${this.config.http.publicUrl}/consult/manage/${this.manageToken(consultation)}`;
  }

  manageToken(consultation: Pick<ConsultationEntity, 'id' | 'tokenVersion'>): string {
    return createHmac('sha256', this.config.auth.jwtSecret)
      .update(`consultation-manage|${consultation.id}|${consultation.tokenVersion}`)
      .digest('base64url');
  }

  /**
   * What a booking's mails and meeting are named by, read before its transaction opens: a
   * transaction never waits for a second pool connection, which under a burst of bookings would
   * leave every connection waiting on another.
   */
  async labels(consultation: Pick<ConsultationEntity, 'agencyId' | 'topicId' | 'investigatorId'>): Promise<Labels> {
    const [agency, topic, investigator, schedule] = await Promise.all([
      this.agencies.findById(consultation.agencyId),
      consultation.topicId ? this.settings.findTopic(consultation.topicId) : null,
      this.users.findById(consultation.investigatorId),
      this.settings.findSchedule(consultation.investigatorId),
    ]);
    return {
      agencyName: agency?.name ?? 'Ieum',
      topic: topic ? { ko: topic.name, en: topic.nameEn ?? topic.name } : null,
      investigatorName: investigator?.displayName ?? '-',
      timeZone: schedule?.timeZone ?? 'Asia/Seoul',
    };
  }

  /** Mails the citizen about their booking, with the calendar entry once it is a meeting. */
  async mailCitizen(
    tx: Tx,
    consultation: ConsultationEntity,
    kind: ConsultationMailKind,
    extra: { link: string | null; sequence: number; labels: Labels },
  ): Promise<void> {
    if (!consultation.citizenEmail) return;
    const { agencyName, topic } = extra.labels;
    const rendered = renderConsultationMail({
      kind,
      agencyName,
      topicName: topic ? topic[consultation.locale] : null,
      startsAt: consultation.startsAt,
      minutes: minutesBetween(consultation.startsAt, consultation.endsAt),
      timeZone: consultation.timeZone,
      locale: consultation.locale,
      link: extra.link,
      holdExpiresAt: consultation.holdExpiresAt ?? undefined,
    });
    const method = kind === 'cancelled' ? ('CANCEL' as const) : ('REQUEST' as const);
    const calendar =
      kind === 'confirm-request'
        ? undefined
        : { method, ics: this.calendarEntry(consultation, method, extra.sequence, extra.labels, extra.link) };
    await this.mail.enqueue(tx, { kind: `consultation-${kind}`, to: consultation.citizenEmail, ...rendered, calendar });
  }

  /** The booking as an iCalendar entry: mailed with each change, and what the citizen's page offers to add to a calendar. */
  calendarEntry(
    consultation: ConsultationEntity,
    method: 'REQUEST' | 'CANCEL',
    sequence: number,
    labels: Labels,
    link: string | null,
  ): string {
    return buildInvitationIcs({
      uid: `consultation-${consultation.id}@${this.config.mail.domain}`,
      sequence,
      method,
      start: consultation.startsAt,
      end: consultation.endsAt,
      timeZone: consultation.timeZone,
      summary:
        consultation.locale === 'en'
          ? `Video consultation: ${labels.agencyName}`
          : `영상 민원상담: ${labels.agencyName}`,
      description: '',
      url: link ?? this.config.http.publicUrl,
      organizer: { name: labels.agencyName, email: `no-reply@${this.config.mail.domain}` },
      attendees: consultation.citizenEmail
        ? [{ name: consultation.citizenName ?? consultation.citizenEmail, email: consultation.citizenEmail }]
        : [],
    });
  }

  /** The meeting of a consultation, for its calendar entry's sequence. */
  async meetingOf(consultation: ConsultationEntity): Promise<MeetingEntity | null> {
    return consultation.meetingId ? this.meetings.find(consultation.meetingId) : null;
  }
}
