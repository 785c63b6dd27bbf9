import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  FeedbackDetail,
  FeedbackItem,
  Page,
  feedbackQuery,
  feedbackReviewBody,
  feedbackTriageBody,
  revealedContact,
} from '@zibo/shared';
import { api } from '../../api/client.ts';

/** A resident's feedback as staff see it: the phone is always masked (138****5678). */
export type Feedback = FeedbackItem;
export type { FeedbackDetail };

/** The list's filter, as the API parses it (the client writes it into the URL). */
export type FeedbackQuery = z.infer<typeof feedbackQuery>;

const keys = {
  all: ['feedback'] as const,
  list: (q: FeedbackQuery) => ['feedback', 'list', q] as const,
  detail: (id: number) => ['feedback', 'detail', id] as const,
};

export function useFeedbackList(query: FeedbackQuery, enabled = true) {
  return useQuery({
    queryKey: keys.list(query),
    queryFn: ({ signal }) => api.get<Page<Feedback>>('/feedback', { ...query }, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useFeedback(id: number) {
  return useQuery({
    queryKey: keys.detail(id),
    queryFn: () => api.get<FeedbackDetail>(`/feedback/${id}`),
    enabled: Number.isInteger(id) && id > 0,
  });
}

function useDetailMutation<V>(fn: (v: V) => Promise<FeedbackDetail>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (d) => {
      qc.setQueryData(keys.detail(d.id), d);
      void qc.invalidateQueries({ queryKey: ['feedback', 'list'] });
      void qc.invalidateQueries({ queryKey: ['problems'] });
    },
  });
}

export type TriageBody = z.input<typeof feedbackTriageBody>;

export function useTriage(id: number) {
  return useDetailMutation((body: TriageBody) =>
    api.post<FeedbackDetail>(`/feedback/${id}/triage`, body),
  );
}

export function useReview(id: number) {
  return useDetailMutation((body: z.input<typeof feedbackReviewBody>) =>
    api.post<FeedbackDetail>(`/feedback/${id}/review`, body),
  );
}

export function useRevealContact(id: number) {
  return useMutation({
    mutationFn: () => api.post<z.infer<typeof revealedContact>>(`/feedback/${id}/reveal-contact`),
  });
}
