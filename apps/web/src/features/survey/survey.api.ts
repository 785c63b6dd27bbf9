import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { survey, surveyDetail, surveySubmission } from '@zibo/shared';
import { api } from '../../api/client.ts';
import { useAuth } from '../../shared/session.tsx';

export type Survey = z.infer<typeof survey>;
export type SurveyDetail = z.infer<typeof surveyDetail>;
export type SurveySubmission = z.infer<typeof surveySubmission>;
export type SubmissionAction = 'submit' | 'file' | 'return';

export const surveyKeys = {
  all: ['surveys'] as const,
  list: ['surveys', 'list'] as const,
  detail: (id: number) => ['surveys', 'detail', id] as const,
};

export function useSurveys(enabled = true) {
  return useQuery({
    queryKey: surveyKeys.list,
    queryFn: () => api.get<{ items: Survey[]; total: number }>('/surveys'),
    enabled,
  });
}

export function useSurvey(id: number) {
  return useQuery({
    queryKey: surveyKeys.detail(id),
    queryFn: () => api.get<SurveyDetail>(`/surveys/${id}`),
    enabled: Number.isInteger(id) && id > 0,
  });
}

export function useCreateSurvey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; deadline: string }) =>
      api.post<SurveyDetail>('/surveys', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: surveyKeys.all }),
  });
}

/** A survey transition; the ledger's lock (and so its abilities) may change with it. */
function useSurveyTransition<V>(mutationFn: (vars: V) => Promise<SurveyDetail>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: async (detail) => {
      queryClient.setQueryData(surveyKeys.detail(detail.id), detail);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: surveyKeys.list }),
        queryClient.invalidateQueries({ queryKey: ['ledger'] }),
      ]);
    },
  });
}

export function useCloseSurvey() {
  return useSurveyTransition((id: number) => api.post<SurveyDetail>(`/surveys/${id}/close`));
}

export function useSubmissionAction() {
  return useSurveyTransition(
    (vars: {
      surveyId: number;
      districtCode: string;
      action: SubmissionAction;
      comment?: string;
    }) =>
      api.post<SurveyDetail>(
        `/surveys/${vars.surveyId}/submissions/${vars.districtCode}/${vars.action}`,
        vars.action === 'return' ? { comment: vars.comment ?? '' } : {},
      ),
  );
}

/** A district ledger locked by a survey (P3), with what the clerk needs to get it unlocked. */
export type LedgerLock = {
  surveyId: number;
  surveyName: string;
  districtCode: string;
  districtName: string;
  status: SurveySubmission['status'];
  submittedAt: string | null;
  /** The lead departments that have not filed yet; any lead department may return it. */
  pendingDepartments: string[];
  filedDepartments: string[];
};

// Module-level so TanStack Query keeps the combined result stable between renders.
function combineLocks(results: { data?: SurveyDetail | undefined; isPending: boolean }[]) {
  const locks: LedgerLock[] = [];
  for (const r of results) {
    const detail = r.data;
    if (!detail) continue;
    for (const s of detail.submissions) {
      if (!s.locked) continue;
      locks.push({
        surveyId: detail.id,
        surveyName: detail.name,
        districtCode: s.districtCode,
        districtName: s.districtName,
        status: s.status,
        submittedAt: s.submittedAt,
        pendingDepartments: s.filings.filter((f) => !f.filed).map((f) => f.departmentName),
        filedDepartments: s.filings.filter((f) => f.filed).map((f) => f.departmentName),
      });
    }
  }
  return locks;
}

/**
 * The district ledgers in the user's scope that an open survey has locked. Read from the
 * surveys the user can see (a community account, which has no survey.read, gets none and relies
 * on the records' abilities and the API's message).
 */
export function useLedgerLocks(): LedgerLock[] {
  const { hasPermission } = useAuth();
  const canRead = hasPermission('survey.read');
  const surveys = useSurveys(canRead);
  const open = (surveys.data?.items ?? []).filter((s) => s.status === 'open');
  return useQueries({
    queries: open.map((s) => ({
      queryKey: surveyKeys.detail(s.id),
      queryFn: () => api.get<SurveyDetail>(`/surveys/${s.id}`),
    })),
    combine: combineLocks,
  });
}
