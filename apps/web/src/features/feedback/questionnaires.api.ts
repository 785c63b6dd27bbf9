import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client.ts';

export type Choice = 'satisfied' | 'basically_satisfied' | 'dissatisfied' | 'unknown';
export const CHOICE_NAMES: Record<Choice, string> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  dissatisfied: '不满意',
  unknown: '不了解',
};
export const CHOICES = Object.keys(CHOICE_NAMES) as Choice[];

/** 满意度调查 as staff see it: the communities listed are those of the caller's region. */
export type Questionnaire = {
  id: number;
  title: string;
  intro: string | null;
  ownerRegionCode: string;
  communities: { code: string; name: string }[];
  periodStart: string;
  periodEnd: string;
  questions: { category: string; text: string }[];
  status: 'draft' | 'open' | 'closed';
  statusName: string;
  answers: number;
  openedAt: string | null;
  closedAt: string | null;
  createdAt: string;
  version: number;
  abilities: { edit: boolean; open: boolean; close: boolean };
};

export type QuestionTally = {
  category: string;
  text: string;
  answered: number;
  counts: Record<Choice, number>;
  shares: Record<Choice, number>;
  satisfactionRate: number | null;
};

export type QuestionnaireResults = {
  id: number;
  title: string;
  status: Questionnaire['status'];
  statusName: string;
  periodStart: string;
  periodEnd: string;
  answers: number;
  questions: QuestionTally[];
  communities: { code: string; name: string; answers: number; questions: QuestionTally[] }[];
};

export type QuestionnaireBody = {
  title: string;
  intro?: string | undefined;
  communityCodes: string[];
  periodStart: string;
  periodEnd: string;
  questions: { category: string; text?: string | undefined }[];
};

const keys = {
  list: (page: number) => ['questionnaires', 'list', page] as const,
  detail: (id: number) => ['questionnaires', 'detail', id] as const,
  results: (id: number) => ['questionnaires', 'results', id] as const,
};

export function useQuestionnaires(page: number) {
  return useQuery({
    queryKey: keys.list(page),
    queryFn: ({ signal }) =>
      api.get<{ items: Questionnaire[]; total: number }>(
        '/feedback/questionnaires',
        { page, pageSize: 20 },
        signal,
      ),
    placeholderData: keepPreviousData,
  });
}

export function useQuestionnaire(id: number) {
  return useQuery({
    queryKey: keys.detail(id),
    queryFn: () => api.get<Questionnaire>(`/feedback/questionnaires/${id}`),
    enabled: Number.isInteger(id) && id > 0,
  });
}

export function useQuestionnaireResults(id: number) {
  return useQuery({
    queryKey: keys.results(id),
    queryFn: () => api.get<QuestionnaireResults>(`/feedback/questionnaires/${id}/results`),
    enabled: Number.isInteger(id) && id > 0,
  });
}

export function useCreateQuestionnaire() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: QuestionnaireBody) =>
      api.post<Questionnaire>('/feedback/questionnaires', body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['questionnaires'] }),
  });
}

export function useMoveQuestionnaire(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (action: 'open' | 'close') =>
      api.post<Questionnaire>(`/feedback/questionnaires/${id}/${action}`),
    onSuccess: (q) => {
      qc.setQueryData(keys.detail(q.id), q);
      void qc.invalidateQueries({ queryKey: ['questionnaires'] });
    },
  });
}
