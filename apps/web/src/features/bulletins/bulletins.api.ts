import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  BulletinDetail,
  BulletinNarrative,
  BulletinSummary,
  Page,
  bulletinCreateBody,
  bulletinPatchBody,
} from '@zibo/shared';
import { api, downloadFile } from '../../api/client.ts';

export type { BulletinSummary };

export const bulletinKeys = {
  all: ['bulletins'] as const,
  one: (id: number) => ['bulletins', id] as const,
};

export function useBulletins() {
  return useQuery({
    queryKey: bulletinKeys.all,
    queryFn: () => api.get<Page<BulletinSummary>>('/bulletins'),
  });
}

export function useBulletin(id: number) {
  return useQuery({
    queryKey: bulletinKeys.one(id),
    queryFn: () => api.get<BulletinDetail>(`/bulletins/${id}`),
  });
}

function useBulletinMutation<A>(run: (a: A) => Promise<BulletinDetail>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: (b) => {
      qc.setQueryData(bulletinKeys.one(b.id), b);
      void qc.invalidateQueries({ queryKey: bulletinKeys.all, exact: true });
    },
  });
}

export function useDraftBulletin() {
  return useBulletinMutation((period: z.input<typeof bulletinCreateBody>) =>
    api.post<BulletinDetail>('/bulletins', period),
  );
}

export function useSaveBulletin(id: number) {
  return useBulletinMutation((patch: z.input<typeof bulletinPatchBody>) =>
    api.patch<BulletinDetail>(`/bulletins/${id}`, patch),
  );
}

export function useIssueBulletin(id: number) {
  return useBulletinMutation(() => api.post<BulletinDetail>(`/bulletins/${id}/issue`));
}

export function useSignBulletin(id: number) {
  return useBulletinMutation(() => api.post<BulletinDetail>(`/bulletins/${id}/sign`));
}

export function downloadBulletin(
  b: Pick<BulletinDetail, 'id' | 'docNumber'>,
  kind: 'document' | 'annex',
) {
  return downloadFile(
    `/bulletins/${b.id}/${kind}`,
    `${b.docNumber}${kind === 'document' ? '.docx' : '.xlsx'}`,
  );
}

export const NARRATIVE_SECTIONS: { key: keyof BulletinNarrative; label: string }[] = [
  { key: 'overall', label: '一、总体进展' },
  { key: 'ranking', label: '二、进展排名' },
  { key: 'problems', label: '三、存在问题' },
  { key: 'requirements', label: '四、下步工作要求' },
];
