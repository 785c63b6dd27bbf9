import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  GateFacility,
  GateIssue,
  GateSubmissionInput,
  ProjectDetail,
  ProjectGate,
  ProjectInput,
  ProjectListItem,
  ProjectRecord,
  conditionAnswerInput,
  conditionDecisionInput,
  developerAccount,
  inspectionInput,
  opinionInput,
  projectAwaitingItem,
  projectMapItem,
  projectPatch,
  projectsQuery,
  projectStats,
  requiredFacilitiesAdjustment,
} from '@zibo/shared';
import { api } from '../../api/client.ts';

export type { GateFacility, GateIssue, ProjectDetail, ProjectGate, ProjectListItem, ProjectRecord };
export type ProjectGateView = ProjectDetail['gates'][number];
export type ProjectConditionView = ProjectDetail['conditions'][number];
export type ProjectInspectionView = ProjectDetail['inspections'][number];
export type ProjectEventView = ProjectDetail['events'][number];
export type ProjectMapItem = z.infer<typeof projectMapItem>;
export type ProjectStats = z.infer<typeof projectStats>;
export type AwaitingItem = z.infer<typeof projectAwaitingItem>;
export type DeveloperAccount = z.infer<typeof developerAccount>;
export type OpinionInput = z.input<typeof opinionInput>;
export type ConditionAnswerInput = z.input<typeof conditionAnswerInput>;
export type ConditionDecisionInput = z.input<typeof conditionDecisionInput>;
export type InspectionInput = z.input<typeof inspectionInput>;
export type ProjectPatch = z.input<typeof projectPatch>;
export type RequiredAdjustment = z.input<typeof requiredFacilitiesAdjustment>;
export type GateSubmission = GateSubmissionInput;

/** The list's filter, as the API parses it (the client writes it into the URL). */
export type ProjectFilter = z.infer<typeof projectsQuery>;

export const projectKeys = {
  all: ['projects'] as const,
  list: (f: ProjectFilter) => ['projects', 'list', f] as const,
  detail: (id: number) => ['projects', 'detail', id] as const,
  map: (f: { region?: string | undefined; gate?: string | undefined }) =>
    ['projects', 'map', f] as const,
  stats: (region: string | undefined) => ['projects', 'stats', region ?? 'all'] as const,
  awaiting: ['projects', 'awaiting'] as const,
  developers: ['projects', 'developer-accounts'] as const,
};

export function useProjects(filter: ProjectFilter) {
  return useQuery({
    queryKey: projectKeys.list(filter),
    queryFn: ({ signal }) =>
      api.get<{ items: ProjectListItem[]; total: number }>('/projects', { ...filter }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useProject(id: number) {
  return useQuery({
    queryKey: projectKeys.detail(id),
    queryFn: () => api.get<ProjectDetail>(`/projects/${id}`),
    enabled: Number.isInteger(id) && id > 0,
  });
}

export function useProjectMap(filter: { region?: string | undefined; gate?: string | undefined }) {
  return useQuery({
    queryKey: projectKeys.map(filter),
    queryFn: ({ signal }) => api.get<ProjectMapItem[]>('/projects/map', { ...filter }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useProjectStats(region: string | undefined, enabled = true) {
  return useQuery({
    queryKey: projectKeys.stats(region),
    queryFn: () => api.get<ProjectStats>('/projects/stats', { region }),
    enabled,
  });
}

export function useAwaitingProjects(enabled = true) {
  return useQuery({
    queryKey: projectKeys.awaiting,
    queryFn: () => api.get<{ items: AwaitingItem[]; total: number }>('/projects/awaiting-me'),
    enabled,
  });
}

/** Developer accounts natural resources may link a project to (403 for anyone else). */
export function useDeveloperAccounts(enabled: boolean) {
  return useQuery({
    queryKey: projectKeys.developers,
    queryFn: () => api.get<DeveloperAccount[]>('/projects/developer-accounts'),
    enabled,
    staleTime: 5 * 60_000,
  });
}

export function useRegisterProject() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ProjectInput) => api.post<ProjectDetail>('/projects', input),
    onSuccess: async (detail) => {
      queryClient.setQueryData(projectKeys.detail(detail.id), detail);
      await queryClient.invalidateQueries({ queryKey: projectKeys.all });
    },
  });
}

/**
 * Every change to a project answers with the whole project: it replaces the cached detail, and
 * the lists, map, counts and inbox that depend on where it stands are refetched.
 */
function useProjectChange<V>(mutationFn: (vars: V) => Promise<ProjectDetail>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: async (detail) => {
      queryClient.setQueryData(projectKeys.detail(detail.id), detail);
      await Promise.all([
        queryClient.invalidateQueries({
          queryKey: projectKeys.all,
          predicate: (q) => q.queryKey[1] !== 'detail' || q.queryKey[2] !== detail.id,
        }),
        // A submission or an opinion sends notices (the inbox bell).
        queryClient.invalidateQueries({ queryKey: ['notifications'] }),
      ]);
    },
  });
}

export function useUpdateProject() {
  return useProjectChange((vars: { id: number; patch: ProjectPatch }) =>
    api.patch<ProjectDetail>(`/projects/${vars.id}`, vars.patch),
  );
}

export function useSubmitGate() {
  return useProjectChange((vars: { id: number; gate: ProjectGate; data: GateSubmission }) =>
    api.post<ProjectDetail>(`/projects/${vars.id}/gates/${vars.gate}/submit`, vars.data),
  );
}

export function useGiveOpinion() {
  return useProjectChange((vars: { id: number; gate: ProjectGate; data: OpinionInput }) =>
    api.post<ProjectDetail>(`/projects/${vars.id}/gates/${vars.gate}/opinions`, vars.data),
  );
}

export function useAnswerCondition() {
  return useProjectChange((vars: { id: number; conditionId: number; data: ConditionAnswerInput }) =>
    api.post<ProjectDetail>(
      `/projects/${vars.id}/conditions/${vars.conditionId}/answer`,
      vars.data,
    ),
  );
}

export function useDecideCondition() {
  return useProjectChange(
    (vars: { id: number; conditionId: number; data: ConditionDecisionInput }) =>
      api.post<ProjectDetail>(
        `/projects/${vars.id}/conditions/${vars.conditionId}/decision`,
        vars.data,
      ),
  );
}

export function useAdjustRequired() {
  return useProjectChange((vars: { id: number; data: RequiredAdjustment }) =>
    api.put<ProjectDetail>(`/projects/${vars.id}/required-facilities`, vars.data),
  );
}

export function useRecordInspection() {
  return useProjectChange((vars: { id: number; data: InspectionInput }) =>
    api.post<ProjectDetail>(`/projects/${vars.id}/inspections`, vars.data),
  );
}
