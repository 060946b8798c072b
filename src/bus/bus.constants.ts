/**
 * Every queue and job Ieum runs, by stable string literals (never a class name), and the payload
 * each job carries. A handler's data type follows from its job name. Payloads hold ids, never
 * secrets or personal data.
 */
export const QueueName = {
  Audit: 'audit',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

export const JobName = {
  AuditRecord: 'audit-record',
} as const;
export type JobName = (typeof JobName)[keyof typeof JobName];

export interface JobPayloads {
  [JobName.AuditRecord]: {
    action: string;
    actorId: string | null;
    subjectType: string;
    subjectId: string;
    occurredAt: string;
  };
}

export type JobPayload<N extends JobName> = JobPayloads[N];

/** One union, discriminated by name: what the outbox stores and the relay enqueues. */
export type BusEvent = { [N in JobName]: { name: N; data: JobPayloads[N] } }[JobName];

export const JOB_QUEUE: Readonly<Record<JobName, QueueName>> = {
  [JobName.AuditRecord]: QueueName.Audit,
};

export interface JobContext {
  jobId: string;
  /** The outbox row the job came from, when it came from one: a stable idempotency key. */
  eventId: string | undefined;
  attempt: number;
}
