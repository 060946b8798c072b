import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AdminAgencyTree,
  AdminAgencyUsers,
  AdminUserView,
  NewUserByAdmin,
} from '@server/identity/admin-users.service';
import type { UserRole } from '@server/identity/identity.types';
import type { OrgChartImportResult } from '@server/identity/org-chart-import.service';
import type { RoomMailAddressView } from '@server/mail-ingress/mail-ingress.service';
import type { MailboxMailView, MailboxPage } from '@server/mail/mailbox/mailbox.service';
import { api } from '../../api/http';

export type {
  AdminAgencyNode,
  AdminAgencyTree,
  AdminAgencyUsers,
  AdminUserView,
} from '@server/identity/admin-users.service';
export type { OrgChartProblem } from '@server/identity/org-chart.csv';
export type { MailboxMailSummary, MailboxMailView, MailboxPage } from '@server/mail/mailbox/mailbox.service';
export type { RoomMailAddressView } from '@server/mail-ingress/mail-ingress.service';
export type { UserRole };

const keys = {
  tree: ['admin', 'agencies'] as const,
  users: (agencyId: string) => ['admin', 'agencies', agencyId, 'users'] as const,
  addresses: ['admin', 'mail-addresses'] as const,
  mailbox: (q: string) => ['admin', 'mailbox', q] as const,
  mail: (id: string) => ['admin', 'mailbox', 'mail', id] as const,
};

export function useAgencyTree() {
  return useQuery({ queryKey: keys.tree, queryFn: () => api<AdminAgencyTree>('/admin-api/agencies'), retry: false });
}

export function useAgencyUsers(agencyId: string) {
  return useQuery({
    queryKey: keys.users(agencyId),
    queryFn: () => api<AdminAgencyUsers>(`/admin-api/agencies/${agencyId}/users`),
    retry: false,
  });
}

/** Puts a changed person into their agency's list (and recounts the tree, whose counts may move). */
function useUserChanged(agencyId: string) {
  const client = useQueryClient();
  return (user: AdminUserView) => {
    client.setQueryData<AdminAgencyUsers>(
      keys.users(agencyId),
      (list) =>
        list && {
          ...list,
          users: list.users.some((u) => u.id === user.id)
            ? list.users.map((u) => (u.id === user.id ? user : u))
            : [...list.users, user],
        },
    );
    void client.invalidateQueries({ queryKey: keys.tree });
  };
}

export function useCreateUser(agencyId: string) {
  const changed = useUserChanged(agencyId);
  return useMutation({
    mutationFn: (input: NewUserByAdmin) =>
      api<{ user: AdminUserView; initialPassword: string }>(`/admin-api/agencies/${agencyId}/users`, {
        method: 'POST',
        body: input,
      }),
    onSuccess: (answer) => changed(answer.user),
  });
}

export function useSetRoles(agencyId: string) {
  const changed = useUserChanged(agencyId);
  return useMutation({
    mutationFn: ({ userId, roles }: { userId: string; roles: UserRole[] }) =>
      api<AdminUserView>(`/admin-api/users/${userId}/roles`, { method: 'PUT', body: { roles } }),
    onSuccess: changed,
  });
}

export function useSetDisabled(agencyId: string) {
  const changed = useUserChanged(agencyId);
  return useMutation({
    mutationFn: ({ userId, disabled }: { userId: string; disabled: boolean }) =>
      api<AdminUserView>(`/admin-api/users/${userId}/${disabled ? 'disable' : 'enable'}`, { method: 'POST' }),
    onSuccess: changed,
  });
}

export function useImportOrgChart() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({
      file,
      dryRun,
      onProgress,
    }: {
      file: Blob;
      dryRun: boolean;
      onProgress: (fraction: number) => void;
    }) =>
      api<OrgChartImportResult & { dryRun: boolean }>('/admin-api/org-chart', {
        method: 'POST',
        query: { dryRun: dryRun || undefined },
        raw: new Blob([file], { type: 'text/csv' }),
        onProgress,
      }),
    onSuccess: (result) => {
      if (!result.dryRun) void client.invalidateQueries({ queryKey: ['admin', 'agencies'] });
    },
  });
}

export function useMailAddresses() {
  return useQuery({ queryKey: keys.addresses, queryFn: () => api<RoomMailAddressView[]>('/mail-addresses') });
}

export function useMakeAddress() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ roomId, rotate }: { roomId: string; rotate: boolean }) =>
      api<{ address: string }>(`/rooms/${roomId}/mail-address${rotate ? '/rotate' : ''}`, { method: 'POST' }),
    onSuccess: (answer, { roomId }) => {
      client.setQueryData<RoomMailAddressView[]>(keys.addresses, (rows) =>
        rows?.map((r) =>
          r.roomId === roomId
            ? { ...r, address: answer.address, authPolicy: r.authPolicy ?? 'mark', since: new Date().toISOString() }
            : r,
        ),
      );
      void client.invalidateQueries({ queryKey: keys.addresses });
    },
  });
}

export function useMailbox(q: string) {
  return useInfiniteQuery({
    queryKey: keys.mailbox(q),
    queryFn: ({ pageParam }) => api<MailboxPage>('/admin-api/mailbox', { query: { q, cursor: pageParam, limit: 30 } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    retry: false,
  });
}

export function useMail(id: string) {
  return useQuery({
    queryKey: keys.mail(id),
    queryFn: () => api<MailboxMailView>(`/admin-api/mailbox/${id}`),
    retry: false,
  });
}

/**
 * Opens the queue dashboard (bull-board, served by the API at /admin/queues): a page the browser
 * navigates to carries no bearer token, so the API first sets a pass cookie scoped to that path.
 */
export function useOpenQueueBoard() {
  return useMutation({
    mutationFn: () => api<{ location: string }>('/admin-api/queues/ticket', { method: 'POST' }),
    onSuccess: ({ location }) => window.location.assign(location),
  });
}
