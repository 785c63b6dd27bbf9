import { keepPreviousData, useQueries, useQuery } from '@tanstack/react-query';
import type { CategoryCode, Finding, FindingStatus, ResidentialArea } from '@zibo/shared';
import { api } from '../../api/client.ts';

export type StatusCounts = Record<FindingStatus, number>;

export type GapSummary = {
  areas: number;
  findings: number;
  byCategory: Partial<Record<CategoryCode, StatusCounts>>;
  byStatus: StatusCounts;
  unverifiedFindings: number;
  /** byStatus, counting only findings that rest on 待核实 rules. */
  unverified?: StatusCounts;
  evaluatedAt: string | null;
  /** How the service radius was measured (the UI says 直线距离). */
  distance?: 'straight_line';
};

/** A finding as listed, with the area's name and community. */
export type FindingRecord = Finding & { areaName: string; regionCode: string };

export type GapAnalysis = { summary: GapSummary; items: FindingRecord[]; total: number };

export type GapFilter = {
  region?: string | undefined;
  category?: CategoryCode | undefined;
  status?: FindingStatus | undefined;
  verifiedOnly?: boolean | undefined;
  residentialAreaId?: number | undefined;
  page: number;
  pageSize: number;
};

export type SummaryGroupBy = 'district' | 'street' | 'community' | 'category';

export type SummaryRow = {
  code: string;
  name: string;
  areas: number;
  areasWithGaps: number;
  met: number;
  short: number;
  missing: number;
  /** How many of met + short + missing rest on 待核实 rules. */
  unverified: number;
};

export type GapMapArea = {
  id: number;
  name: string;
  lon: number;
  lat: number;
  worst: FindingStatus;
  missingTypes: string[];
  shortTypes: string[];
};

export type GapArea = { area: ResidentialArea; findings: FindingRecord[] };

export const gapKeys = {
  all: ['gap-analysis'] as const,
  list: (f: GapFilter) => ['gap-analysis', 'list', f] as const,
  summary: (f: {
    region?: string | undefined;
    category?: string | undefined;
    verifiedOnly?: boolean | undefined;
    groupBy: SummaryGroupBy;
  }) => ['gap-analysis', 'summary', f] as const,
  map: (f: {
    region?: string | undefined;
    category?: string | undefined;
    verifiedOnly?: boolean | undefined;
  }) => ['gap-analysis', 'map', f] as const,
  area: (id: number) => ['gap-analysis', 'area', id] as const,
};

export function useGapAnalysis(filter: GapFilter) {
  return useQuery({
    queryKey: gapKeys.list(filter),
    queryFn: ({ signal }) => api.get<GapAnalysis>('/gap-analysis', { ...filter }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useGapSummary(filter: {
  region?: string | undefined;
  category?: CategoryCode | undefined;
  verifiedOnly?: boolean | undefined;
  groupBy: SummaryGroupBy;
}) {
  return useQuery({
    queryKey: gapKeys.summary(filter),
    queryFn: ({ signal }) =>
      api.get<{ rows: SummaryRow[] }>('/gap-analysis/summary', { ...filter }, signal),
    placeholderData: keepPreviousData,
  });
}

// Module-level so TanStack Query keeps the combined result stable between renders.
function combineByCategory(
  results: { data?: { rows: SummaryRow[] } | undefined; isPending: boolean; isError: boolean }[],
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
        api.get<{ rows: SummaryRow[] }>('/gap-analysis/summary', {
          region,
          category,
          groupBy,
          verifiedOnly,
        }),
    })),
    combine: combineByCategory,
  });
}

export function useGapMap(filter: {
  region?: string | undefined;
  category?: CategoryCode | undefined;
  verifiedOnly?: boolean | undefined;
}) {
  return useQuery({
    queryKey: gapKeys.map(filter),
    queryFn: ({ signal }) =>
      api.get<{ areas: GapMapArea[] }>('/gap-analysis/map', { ...filter }, signal),
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
