import {
  keepPreviousData,
  useMutation,
  useQueries,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  CampaignRecord,
  GapProblemsResult,
  Page,
  ProblemAwaiting,
  ProblemDetailRecord,
  ProblemRecord,
  ProgressImportReport,
  approvePlansResult,
  closureDecisionInput,
  closureRequestInput,
  extensionInput,
  flagKeyInput,
  gapProblemsBody,
  instructionInput,
  planInput,
  problemInput,
  problemsQuery,
  progressInput,
  reasonInput,
} from '@zibo/shared';
import { api, downloadFile, uploadFile } from '../../api/client.ts';

export type Problem = ProblemRecord;
export type ProblemDetail = ProblemDetailRecord;
export type ProblemPlan = ProblemDetail['plans'][number];
export type ProblemEvent = ProblemDetail['events'][number];
export type ProblemExtension = ProblemDetail['extensions'][number];
export type ProblemStatus = Problem['status'];
export type ProblemSource = Problem['source'];
export type AttachmentFile = ProblemEvent['attachments'][number];
export type Awaiting = ProblemAwaiting;

type ProblemsQuery = z.infer<typeof problemsQuery>;
/** The list's query, as the API parses it (the client writes it into the URL); `order` may be left out. */
export type ProblemQuery = Omit<ProblemsQuery, 'order'> & Partial<Pick<ProblemsQuery, 'order'>>;

export type Campaign = CampaignRecord;
export type ProgressImportResult = ProgressImportReport;
export type PlanBody = z.input<typeof planInput>;
export type ProblemBody = z.input<typeof problemInput>;

/**
 * Problems change under other people's hands (an approval, a refusal, an instruction): a page
 * opened again shows what is cached at once and refetches, rather than trusting it for 30 s.
 */
const PROBLEM_STALE_MS = 0;

export const problemKeys = {
  all: ['problems'] as const,
  list: (q: ProblemQuery) => ['problems', 'list', q] as const,
  detail: (id: number) => ['problems', 'detail', id] as const,
  campaigns: ['problems', 'campaigns'] as const,
};

export function useProblems(query: ProblemQuery, enabled = true) {
  return useQuery({
    queryKey: problemKeys.list(query),
    queryFn: ({ signal }) => api.get<Page<Problem>>('/problems', { ...query }, signal),
    placeholderData: keepPreviousData,
    staleTime: PROBLEM_STALE_MS,
    enabled,
  });
}

// Module-level so TanStack Query keeps the combined result stable between renders.
function combineTotals(results: { data?: { total: number } | undefined }[]) {
  return results.map((r) => r.data?.total);
}

/** How many problems match each of several queries (one request each, a page of one). */
export function useProblemCounts(queries: readonly Omit<ProblemQuery, 'page' | 'pageSize'>[]) {
  return useQueries({
    queries: queries.map((q) => {
      const query: ProblemQuery = { ...q, page: 1, pageSize: 1 };
      return {
        queryKey: problemKeys.list(query),
        queryFn: () => api.get<Page<Problem>>('/problems', { ...query }),
        staleTime: PROBLEM_STALE_MS,
      };
    }),
    combine: combineTotals,
  });
}

export function useProblem(id: number) {
  return useQuery({
    queryKey: problemKeys.detail(id),
    queryFn: () => api.get<ProblemDetail>(`/problems/${id}`),
    enabled: Number.isInteger(id) && id > 0,
    staleTime: PROBLEM_STALE_MS,
    // Back from another window (the e-mail, the phone), the page shows the problem as it is now.
    refetchOnWindowFocus: true,
  });
}

export function useCampaigns() {
  return useQuery({
    queryKey: problemKeys.campaigns,
    queryFn: () => api.get<Campaign[]>('/campaigns'),
    staleTime: PROBLEM_STALE_MS,
  });
}

/** After any problem change: the detail is the answer, lists and counts are stale, so is the inbox. */
function useProblemMutation<V>(mutationFn: (vars: V) => Promise<ProblemDetail>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: (detail) => {
      queryClient.setQueryData(problemKeys.detail(detail.id), detail);
      void queryClient.invalidateQueries({
        queryKey: problemKeys.all,
        predicate: (q) => q.queryKey[1] !== 'detail' || q.queryKey[2] !== detail.id,
      });
      void queryClient.invalidateQueries({ queryKey: ['notifications'] });
    },
  });
}

export function useCreateProblem() {
  return useProblemMutation((body: ProblemBody) => api.post<ProblemDetail>('/problems', body));
}

export function useSubmitPlan() {
  return useProblemMutation(({ id, plan }: { id: number; plan: PlanBody }) =>
    api.post<ProblemDetail>(`/problems/${id}/plan`, plan),
  );
}

export function useApprovePlan() {
  return useProblemMutation(({ id, comment }: { id: number; comment: string | null }) =>
    api.post<ProblemDetail>(`/problems/${id}/plan/approve`, comment ? { comment } : {}),
  );
}

export function useRejectPlan() {
  return useProblemMutation(({ id, reason }: z.input<typeof reasonInput> & { id: number }) =>
    api.post<ProblemDetail>(`/problems/${id}/plan/reject`, { reason }),
  );
}

export function useReportProgress() {
  return useProblemMutation(({ id, ...body }: z.input<typeof progressInput> & { id: number }) =>
    api.post<ProblemDetail>(`/problems/${id}/progress`, body),
  );
}

export function useRequestClosure() {
  return useProblemMutation(
    ({ id, ...body }: z.input<typeof closureRequestInput> & { id: number }) =>
      api.post<ProblemDetail>(`/problems/${id}/closure-request`, body),
  );
}

export function useDecideClosure() {
  return useProblemMutation(
    ({ id, ...body }: z.input<typeof closureDecisionInput> & { id: number }) =>
      api.post<ProblemDetail>(`/problems/${id}/closure-decision`, body),
  );
}

export function useReopenProblem() {
  return useProblemMutation(({ id, reason }: z.input<typeof reasonInput> & { id: number }) =>
    api.post<ProblemDetail>(`/problems/${id}/reopen`, { reason }),
  );
}

export function useFlagKey() {
  return useProblemMutation(({ id, ...body }: z.input<typeof flagKeyInput> & { id: number }) =>
    api.post<ProblemDetail>(`/problems/${id}/key`, body),
  );
}

export function useInstruct() {
  return useProblemMutation(
    ({ id, instruction }: z.input<typeof instructionInput> & { id: number }) =>
      api.post<ProblemDetail>(`/problems/${id}/instructions`, { instruction }),
  );
}

export function useRequestExtension() {
  return useProblemMutation(({ id, ...body }: z.input<typeof extensionInput> & { id: number }) =>
    api.post<ProblemDetail>(`/problems/${id}/extension-request`, body),
  );
}

export function useDecideExtension() {
  return useProblemMutation(
    ({ id, ...body }: { id: number; approve: boolean; comment: string | null }) =>
      api.post<ProblemDetail>(`/problems/${id}/extension-decision`, body),
  );
}

/** P4 batch approval: all of them or none; a 422 lists why each refused one was refused. */
export function useApprovePlans() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (ids: number[]) =>
      api.post<z.infer<typeof approvePlansResult>>('/problems/plans/approve', { ids }),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: problemKeys.all });
      void queryClient.invalidateQueries({ queryKey: ['notifications'] });
    },
  });
}

/** Turns gap findings into problems (idempotent: an open problem of the same finding is reused). */
export function useRaiseFromFindings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (items: z.input<typeof gapProblemsBody>['items']) =>
      api.post<GapProblemsResult>('/gap-analysis/problems', { items }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: problemKeys.all }),
  });
}

export function useImportProgress() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ file, dryRun }: { file: File; dryRun: boolean }) =>
      uploadFile<ProgressImportResult>('/imports/problem-progress', file, file.name, { dryRun }),
    onSuccess: (result) => {
      if (!result.dryRun && result.updated > 0)
        void queryClient.invalidateQueries({ queryKey: problemKeys.all });
    },
  });
}

export function downloadOpenProblems(region: string | null) {
  return downloadFile('/exports/problems.xlsx', '整改问题清单.xlsx', { region });
}
