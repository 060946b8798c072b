import { JobName, type JobPayload } from '../bus/bus.constants.js';
import { OnJob } from '../bus/on-job.decorator.js';
import { BotMessenger } from '../commands/bot-messenger.service.js';
import { botClientId } from '../commands/sdk/bot-helpers.js';
import { NoticeSender } from '../commands/sdk/bot.decorator.js';
import type { BotMetadata } from '../commands/sdk/command-table.js';
import { formatWindow } from '../meetings/meeting-mail.renderer.js';
import { ConsultationNotifier } from './consultation-notifier.service.js';
import { ConsultationReminderService } from './consultation-reminder.service.js';

/** The account consultation notices come from; the /consult bot answers under the same one. */
export const CONSULT_SENDER: BotMetadata = { id: 'consult', displayName: { ko: '상담봇', en: 'Consultation bot' } };
/** A delayed job may wake a little early on a busy Redis; it waits out the rest. */
const MAX_EARLY_WAIT_MS = 10_000;

/** The investigator's notices and the reminders to both sides: the booking pipeline, whether or not the /consult bot is loaded. */
@NoticeSender(CONSULT_SENDER)
export class ConsultationNoticesJob {
  constructor(
    private readonly notifier: ConsultationNotifier,
    private readonly reminders: ConsultationReminderService,
    private readonly messenger: BotMessenger,
  ) {}

  /** Tells the investigator of a booking, move or cancellation; no citizen data goes into the message. */
  @OnJob(JobName.ConsultationNotify)
  async notify(data: JobPayload<typeof JobName.ConsultationNotify>): Promise<{ told: boolean }> {
    const target = await this.reminders.notifyTarget(data.consultationId);
    if (!target) return { told: false };
    const w = formatWindow(new Date(data.startsAt), target.minutes, target.timeZone);
    const head = {
      booked: ['📋 새 영상 민원상담', '📋 New video consultation'],
      moved: ['🔁 상담 일시 변경', '🔁 Consultation moved'],
      cancelled: ['❌ 상담 취소', '❌ Consultation cancelled'],
    }[data.change];
    const body = `${head[0]}: ${w.ko} (번호 ${data.consultationId.slice(0, 8)})\n\n${head[1]}: ${w.en} (id ${data.consultationId.slice(0, 8)})`;
    await this.messenger.postToUser(
      CONSULT_SENDER.id,
      target.investigatorId,
      botClientId('cn', data.consultationId, `${data.change}|${data.startsAt}`),
      body,
    );
    return { told: true };
  }

  /** Reminds the investigator by messenger and the citizen by e-mail, once per booking start and offset. */
  @OnJob(JobName.ConsultationReminder)
  async remind(data: JobPayload<typeof JobName.ConsultationReminder>): Promise<{ sent: boolean }> {
    const due = await this.reminders.due(data);
    if (!due) return { sent: false };
    const early = due.startsAt.getTime() - data.offsetMinutes * 60_000 - Date.now();
    if (early > MAX_EARLY_WAIT_MS) throw new Error(`consultation reminder job woke ${early} ms early`);
    if (early > 0) await new Promise((resolve) => setTimeout(resolve, early));
    const target = await this.reminders.notifyTarget(due.id);
    if (target) {
      const w = formatWindow(due.startsAt, target.minutes, target.timeZone);
      const body = `⏰ 영상 민원상담: ${w.ko} (번호 ${due.id.slice(0, 8)})\n\n⏰ Video consultation: ${w.en} (id ${due.id.slice(0, 8)})`;
      await this.messenger.postToUser(
        CONSULT_SENDER.id,
        target.investigatorId,
        botClientId('cr', due.id, `${data.startsAt}|${data.offsetMinutes}`),
        body,
      );
    }
    const meeting = await this.notifier.meetingOf(due);
    const labels = await this.notifier.labels(due);
    const sent = await this.reminders.complete(due, data.offsetMinutes, (tx) =>
      this.notifier.mailCitizen(tx, due, 'reminder', {
        link: this.notifier.manageLink(due),
        sequence: meeting?.sequence ?? 0,
        labels,
      }),
    );
    return { sent };
  }
}
