import { useQuery } from '@tanstack/react-query';
import type { StaffSlotView } from '@server/consultations/consultation-availability.service';
import type { ConsultationClosureEntity } from '@server/consultations/consultation-closure.entity';
import type { ConsultationExceptionEntity } from '@server/consultations/consultation-exception.entity';
import type { ConsultationScheduleEntity } from '@server/consultations/consultation-schedule.entity';
import type { ConsultationTopicEntity } from '@server/consultations/consultation-topic.entity';
import type { StaffConsultationView } from '@server/consultations/consultation.service';
import { api } from '../../api/http';
import { hasRole, useMe } from '../../app/session-context';

export type { StaffConsultationView, StaffSlotView };
/** The entities as their JSON arrives (dates as strings). */
export type Schedule = Omit<ConsultationScheduleEntity, 'investigator' | 'agency' | 'updatedAt'> & {
  updatedAt: string;
};
export type ScheduleException = Omit<ConsultationExceptionEntity, 'investigator'>;
export type Topic = Omit<ConsultationTopicEntity, 'agency' | 'createdAt'>;
export type Closure = Omit<ConsultationClosureEntity, 'agency' | 'creator'>;

export const consultationKeys = {
  all: ['consultations'] as const,
  list: (mine: boolean) => ['consultations', 'list', mine] as const,
  one: (id: string) => ['consultations', 'one', id] as const,
  schedule: ['consultations', 'schedule'] as const,
  exceptions: ['consultations', 'exceptions'] as const,
  agency: ['consultations', 'agency'] as const,
  slots: (query: Record<string, string | number | undefined>) => ['consultations', 'slots', query] as const,
};

/** What the person may do here: complaint staff (the investigator role) and agency administrators. */
export function useConsultationRoles() {
  const { data: me } = useMe();
  return { me, staff: hasRole(me, 'complaint_investigator'), admin: hasRole(me, 'agency_admin') };
}

export function useAgencySettings(enabled = true) {
  return useQuery({
    queryKey: consultationKeys.agency,
    queryFn: () => api<{ topics: Topic[]; closures: Closure[] }>('/consultations/agency'),
    enabled,
  });
}

export function useConsultation(id: string) {
  return useQuery({
    queryKey: consultationKeys.one(id),
    queryFn: () => api<StaffConsultationView>(`/consultations/${id}`),
  });
}

export function useSlots(query: {
  from: string;
  timeZone: string;
  days: number;
  investigatorId?: string;
  topicId?: string;
}) {
  return useQuery({
    queryKey: consultationKeys.slots(query),
    queryFn: () =>
      api<StaffSlotView[]>('/consultations/slots', {
        query: { ...query, investigatorId: query.investigatorId || undefined, topicId: query.topicId || undefined },
      }),
  });
}
