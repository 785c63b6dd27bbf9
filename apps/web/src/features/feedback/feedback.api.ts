import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';

/** A resident's feedback as staff see it: the phone is always masked (138****5678). */
export type Feedback = {
  id: number;
  trackingCode: string;
  residentialAreaId: number;
  areaName: string;
  regionName: string;
  category: string;
  categoryName: string;
  stage: string;
  stageName: string;
  kind: 'report' | 'follow';
  description: string;
  contactName: string | null;
  phone: string | null;
  hasContact: boolean;
  contactErased: boolean;
  attachmentIds: number[];
  status: 'received' | 'answered' | 'problem' | 'duplicate';
  statusName: string;
  dueDate: string;
  late: boolean;
  problemId: number | null;
  problem: { id: number; title: string; status: string } | null;
  answer: string | null;
  rating: string | null;
  ratingName: string | null;
  ratingComment: string | null;
  reviewStatus: 'pending' | 'reopened' | 'upheld' | null;
  reviewReason: string | null;
  createdAt: string;
  abilities: { triage: boolean; reveal: boolean; review: boolean };
};
export type FeedbackDetail = Feedback & {
  events: {
    at: string;
    action: string;
    publicText: string | null;
    comment: string | null;
    actorName: string | null;
  }[];
};

export type FeedbackQuery = {
  status?: Feedback['status'] | undefined;
  category?: string | undefined;
  late?: boolean | undefined;
  review?: 'pending' | undefined;
  problemId?: number | undefined;
  q?: string | undefined;
  page: number;
  pageSize: number;
};

const keys = {
  all: ['feedback'] as const,
  list: (q: FeedbackQuery) => ['feedback', 'list', q] as const,
  detail: (id: number) => ['feedback', 'detail', id] as const,
};

export function useFeedbackList(query: FeedbackQuery, enabled = true) {
  return useQuery({
    queryKey: keys.list(query),
    queryFn: ({ signal }) =>
      api.get<{ items: Feedback[]; total: number }>('/feedback', { ...query }, signal),
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

export type TriageBody = {
  action: 'problem' | 'answer' | 'duplicate';
  comment: string;
  problemId?: number | undefined;
  facilityType?: string | undefined;
};

export function useTriage(id: number) {
  return useDetailMutation((body: TriageBody) =>
    api.post<FeedbackDetail>(`/feedback/${id}/triage`, body),
  );
}

export function useReview(id: number) {
  return useDetailMutation((body: { decision: 'reopen' | 'uphold'; reason: string }) =>
    api.post<FeedbackDetail>(`/feedback/${id}/review`, body),
  );
}

export function useRevealContact(id: number) {
  return useMutation({
    mutationFn: () =>
      api.post<{ contactName: string | null; phone: string | null }>(
        `/feedback/${id}/reveal-contact`,
      ),
  });
}
