import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MarkReadResult, Notice, NoticePage } from '@zibo/shared';
import { api } from '../../api/client.ts';

export type { Notice, NoticePage };

/** How often the bell asks for new notices (the server sends no push). */
export const INBOX_POLL_MS = 60_000;

export const inboxKeys = {
  all: ['notifications'] as const,
  list: (q: { unread: boolean; page: number; pageSize: number }) =>
    ['notifications', 'list', q] as const,
};

export function useNotices(q: { unread: boolean; page: number; pageSize: number }, poll = false) {
  return useQuery({
    queryKey: inboxKeys.list(q),
    queryFn: ({ signal }) =>
      api.get<NoticePage>(
        '/notifications',
        { unread: q.unread, page: q.page, pageSize: q.pageSize },
        signal,
      ),
    placeholderData: keepPreviousData,
    refetchInterval: poll ? INBOX_POLL_MS : false,
  });
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.post<MarkReadResult>(`/notifications/${id}/read`),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: inboxKeys.all }),
  });
}

export function useMarkAllRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<MarkReadResult>('/notifications/read-all'),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: inboxKeys.all }),
  });
}
