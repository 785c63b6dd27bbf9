import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  StandardRuleInput,
  StandardRuleUpdate,
  StandardRuleView,
  StandardsCatalogue,
} from '@zibo/shared';
import { api } from '../../api/client.ts';

/** A rule as the API sends it: with what the user may do to it, and who made the version. */
export type RuleRecord = StandardRuleView;
export type { StandardsCatalogue };

export const standardsKeys = {
  all: ['standards'] as const,
  catalogue: ['standards', 'catalogue'] as const,
  versions: (id: string) => ['standards', 'versions', id] as const,
};

export function useStandards() {
  return useQuery({
    queryKey: standardsKeys.catalogue,
    queryFn: () => api.get<StandardsCatalogue>('/standards'),
    staleTime: 5 * 60_000,
  });
}

export function useRuleVersions(id: string | null) {
  return useQuery({
    queryKey: standardsKeys.versions(id ?? ''),
    queryFn: () =>
      api.get<RuleRecord[]>(`/standards/rules/${encodeURIComponent(id ?? '')}/versions`),
    enabled: id !== null,
  });
}

/** A rule change re-evaluates every finding (缺口) that used it. */
function useRuleMutation<V>(mutationFn: (vars: V) => Promise<RuleRecord>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: async () => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: standardsKeys.all }),
        queryClient.invalidateQueries({ queryKey: ['gap-analysis'] }),
      ]);
    },
  });
}

export function useCreateRule() {
  return useRuleMutation((input: StandardRuleInput) =>
    api.post<RuleRecord>('/standards/rules', input),
  );
}

export function useUpdateRule() {
  return useRuleMutation(({ id, ...update }: StandardRuleUpdate & { id: string }) =>
    api.put<RuleRecord>(`/standards/rules/${encodeURIComponent(id)}`, update),
  );
}
