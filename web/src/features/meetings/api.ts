import { useQuery } from '@tanstack/react-query';
import type { MeetingRoomService } from '@server/meetings/meeting-room.service';
import type { MeetingOccurrenceView, MeetingView } from '@server/meetings/meeting-views.service';
import { api } from '../../api/http';

export type { MeetingOccurrenceView, MeetingView };
export type AttendanceRow = Awaited<ReturnType<MeetingRoomService['attendance']>>[number];

export const meetingKeys = {
  all: ['meetings'] as const,
  list: ['meetings', 'list'] as const,
  one: (id: string) => ['meetings', 'one', id] as const,
  attendance: (id: string) => ['meetings', 'attendance', id] as const,
  calendar: (from: string, to: string) => ['meetings', 'calendar', from, to] as const,
};

export function useMeetings() {
  return useQuery({ queryKey: meetingKeys.list, queryFn: () => api<MeetingView[]>('/meetings') });
}

export function useMeeting(id: string) {
  return useQuery({ queryKey: meetingKeys.one(id), queryFn: () => api<MeetingView>(`/meetings/${id}`) });
}

export function useAttendance(id: string, enabled: boolean) {
  return useQuery({
    queryKey: meetingKeys.attendance(id),
    queryFn: () => api<AttendanceRow[]>(`/meetings/${id}/attendance`),
    enabled,
  });
}

export function useCalendar(from: Date, to: Date) {
  const range = [from.toISOString(), to.toISOString()] as const;
  return useQuery({
    queryKey: meetingKeys.calendar(...range),
    queryFn: () => api<MeetingOccurrenceView[]>('/meetings/calendar', { query: { from: range[0], to: range[1] } }),
  });
}

/** The field names a coded validation error names (`details.fields[].field`). */
export function invalidFields(error: unknown): Set<string> {
  const details = (error as { body?: { details?: { fields?: Array<{ field: string }> } } } | null)?.body?.details;
  return new Set((details?.fields ?? []).map((f) => f.field.split(/[[.]/)[0] ?? f.field));
}
