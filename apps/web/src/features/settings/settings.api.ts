import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { SettingsGroupView, settingsGroupUpdate } from '@zibo/shared';
import { api } from '../../api/client.ts';

const KEY = ['settings', 'groups'] as const;

/** Every settings group this account may use, described by the API (issue 13: data-driven). */
export function useSettingsGroups() {
  return useQuery({
    queryKey: KEY,
    queryFn: ({ signal }) =>
      api.get<{ groups: SettingsGroupView[] }>('/settings/groups', undefined, signal),
  });
}

/** Saves changed values of one group; the saved group replaces it in the cache. */
export function useSaveSettingsGroup(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof settingsGroupUpdate>) =>
      api.put<SettingsGroupView>(`/settings/groups/${encodeURIComponent(id)}`, body),
    onSuccess: (saved) =>
      queryClient.setQueryData<{ groups: SettingsGroupView[] }>(KEY, (prev) =>
        prev ? { groups: prev.groups.map((g) => (g.id === saved.id ? saved : g)) } : prev,
      ),
  });
}

export function useReloadSettings() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: KEY });
}
