export const ConsultationStatus = {
  /** Held for the citizen until they confirm by the link mailed to them, or the hold runs out. */
  Pending: 'pending',
  Confirmed: 'confirmed',
  Cancelled: 'cancelled',
  Completed: 'completed',
  NoShow: 'no_show',
  /** A pending hold that ran out unconfirmed. */
  Expired: 'expired',
} as const;
export type ConsultationStatus = (typeof ConsultationStatus)[keyof typeof ConsultationStatus];

/** The statuses that keep an investigator's time taken (the exclusion constraint's predicate). */
export const HOLDING_STATUSES: readonly ConsultationStatus[] = [
  ConsultationStatus.Pending,
  ConsultationStatus.Confirmed,
];

export type BookedVia = 'citizen' | 'staff';

/** One window of a weekday when an investigator takes consultations, in their time zone. */
export interface WeeklyRule {
  /** ISO weekday: 1 is Monday, 7 is Sunday. */
  weekday: number;
  /** "HH:mm" */
  start: string;
  /** "HH:mm", after start */
  end: string;
}

export const DEFAULT_CONSULTATION_REMINDER_MINUTES = [1440, 10] as const;
