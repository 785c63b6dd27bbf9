import { useQuery } from '@tanstack/react-query';
import type { Department, Region, Zone } from '@zibo/shared';
import { api } from './client.ts';

/** Reference data (regions, departments, outlines) changes with an administrator's edit at most. */
const REFERENCE_STALE_MS = 10 * 60_000;

export type RegionDetail = Region & {
  path: { code: string; name: string; level: Region['level'] }[];
  zones: { code: string; name: string }[];
};

export type DistrictOutlines = {
  type: 'FeatureCollection';
  attribution: string;
  features: {
    type: 'Feature';
    properties: { code: string; name: string; center: [number, number] };
    geometry: GeoJSON.Polygon | GeoJSON.MultiPolygon;
  }[];
};

export type ClientConfig = {
  tileUrl: string | null;
  tileAttribution: string | null;
  sessionIdleMinutes: number;
  version: string;
};

export const referenceKeys = {
  children: (parent: string | null) => ['regions', 'children', parent ?? 'root'] as const,
  region: (code: string) => ['regions', 'detail', code] as const,
  outlines: ['regions', 'outlines'] as const,
  zones: ['zones'] as const,
  departments: (regionCode: string | null) => ['departments', regionCode ?? 'all'] as const,
  clientConfig: ['client-config'] as const,
};

/** The children of a region; `null` gives the city itself. */
export function fetchRegionChildren(parent: string | null): Promise<Region[]> {
  return api.get<Region[]>('/regions', { parent });
}

export function fetchRegion(code: string): Promise<RegionDetail> {
  return api.get<RegionDetail>(`/regions/${encodeURIComponent(code)}`);
}

export function buildRegionChildrenQuery(parent: string | null) {
  return {
    queryKey: referenceKeys.children(parent),
    queryFn: () => fetchRegionChildren(parent),
    staleTime: REFERENCE_STALE_MS,
  };
}

export function useRegionChildren(parent: string | null, enabled = true) {
  return useQuery({ ...buildRegionChildrenQuery(parent), enabled });
}

export function useRegion(code: string | null) {
  return useQuery({
    queryKey: referenceKeys.region(code ?? ''),
    queryFn: () => fetchRegion(code ?? ''),
    enabled: code !== null,
    staleTime: REFERENCE_STALE_MS,
  });
}

export function useDistrictOutlines() {
  return useQuery({
    queryKey: referenceKeys.outlines,
    queryFn: () => api.get<DistrictOutlines>('/regions/outlines'),
    staleTime: Infinity,
  });
}

export function useZones() {
  return useQuery({ queryKey: referenceKeys.zones, queryFn: () => api.get<Zone[]>('/zones') });
}

/** Departments of a city or district (`regionCode` of 4 or 6 digits), or all of them. */
export function useDepartments(regionCode: string | null, enabled = true) {
  return useQuery({
    queryKey: referenceKeys.departments(regionCode),
    queryFn: () => api.get<Department[]>('/departments', { regionCode }),
    staleTime: REFERENCE_STALE_MS,
    enabled,
  });
}

export function useClientConfig() {
  return useQuery({
    queryKey: referenceKeys.clientConfig,
    queryFn: () => api.get<ClientConfig>('/client-config'),
    staleTime: Infinity,
  });
}
