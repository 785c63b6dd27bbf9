import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  CategoryCode,
  FindingCounts,
  FindingItem,
  GapAnalysisPage,
  GapArea,
  GapFilterQuery,
  GapMapArea,
  GapSummary,
  GapSummaryGroupBy,
  GapSummaryRow,
  gapListQuery,
  gapMap,
  gapSummaryRows,
} from '@zibo/shared';
import { api } from '../../api/client.ts';

export type StatusCounts = FindingCounts;
export type { GapSummary, GapMapArea, GapArea };
export type FindingRecord = FindingItem;
export type GapAnalysis = GapAnalysisPage;
/** The list's filter, as the API parses it (the client writes it into the URL). */
export type GapFilter = z.infer<typeof gapListQuery>;
export type SummaryGroupBy = GapSummaryGroupBy;
export type SummaryRow = GapSummaryRow;
type GapReadFilter = Pick<GapFilterQuery, 'region' | 'category' | 'verifiedOnly'>;

export const gapKeys = {
  all: ['gap-analysis'] as const,
  list: (f: GapFilter) => ['gap-analysis', 'list', f] as const,
  summary: (f: GapReadFilter & { groupBy: SummaryGroupBy }) =>
    ['gap-analysis', 'summary', f] as const,
  map: (f: GapReadFilter) => ['gap-analysis', 'map', f] as const,
  area: (id: number) => ['gap-analysis', 'area', id] as const,
};

export function useGapAnalysis(filter: GapFilter) {
  return useQuery({
    queryKey: gapKeys.list(filter),
    queryFn: ({ signal }) => api.get<GapAnalysis>('/gap-analysis', { ...filter }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useGapSummary(filter: GapReadFilter & { groupBy: SummaryGroupBy }) {
  return useQuery({
    queryKey: gapKeys.summary(filter),
    queryFn: ({ signal }) =>
      api.get<z.infer<typeof gapSummaryRows>>('/gap-analysis/summary', { ...filter }, signal),
    placeholderData: keepPreviousData,
  });
}

// Module-level so TanStack Query keeps the combined result stable between renders.
function combineByCategory(
  results: {
    data?: z.infer<typeof gapSummaryRows> | undefined;
    isPending: boolean;
    isError: boolean;
  }[],
) {
  return {
    rows: results.map((r) => r.data?.rows ?? []),
    pending: results.some((r) => r.isPending),
    error: results.some((r) => r.isError),
  };
}

/** One summary per category, grouped by region: the chart's series (areas with gaps, per category). */
export function useGapSummaryByCategory(
  region: string | undefined,
  categories: readonly CategoryCode[],
  groupBy: SummaryGroupBy,
  verifiedOnly?: boolean,
) {
  return useQueries({
    queries: categories.map((category) => ({
      queryKey: gapKeys.summary({ region, category, groupBy, verifiedOnly }),
      queryFn: () =>
        api.get<z.infer<typeof gapSummaryRows>>('/gap-analysis/summary', {
          region,
          category,
          groupBy,
          verifiedOnly,
        }),
    })),
    combine: combineByCategory,
  });
}

export function useGapMap(filter: GapReadFilter) {
  return useQuery({
    queryKey: gapKeys.map(filter),
    queryFn: ({ signal }) =>
      api.get<z.infer<typeof gapMap>>('/gap-analysis/map', { ...filter }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useGapArea(id: number) {
  return useQuery({
    queryKey: gapKeys.area(id),
    queryFn: () => api.get<GapArea>(`/gap-analysis/areas/${id}`),
    enabled: Number.isInteger(id) && id > 0,
  });
}
