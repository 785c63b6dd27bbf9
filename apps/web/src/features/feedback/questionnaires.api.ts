import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  CHOICE_NAMES,
  QUESTIONNAIRE_CHOICES,
  type Page,
  type QuestionTally,
  type Questionnaire,
  type QuestionnaireChoice,
  type QuestionnaireResults,
  type questionnaireBody,
} from '@zibo/shared';
import { api } from '../../api/client.ts';

export type Choice = QuestionnaireChoice;
export { CHOICE_NAMES };
export const CHOICES = QUESTIONNAIRE_CHOICES;

export type { Questionnaire, QuestionTally, QuestionnaireResults };
export type QuestionnaireBody = z.input<typeof questionnaireBody>;

const keys = {
  list: (page: number) => ['questionnaires', 'list', page] as const,
  detail: (id: number) => ['questionnaires', 'detail', id] as const,
  results: (id: number) => ['questionnaires', 'results', id] as const,
};

export function useQuestionnaires(page: number) {
  return useQuery({
    queryKey: keys.list(page),
    queryFn: ({ signal }) =>
      api.get<Page<Questionnaire>>('/feedback/questionnaires', { page, pageSize: 20 }, signal),
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
