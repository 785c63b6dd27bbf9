import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  ArchiveInput,
  ArchivedFilter,
  Facility,
  FacilityInput,
  LedgerImportReport,
  LedgerMap as LedgerMapAnswer,
  LedgerMapCluster,
  MapFacilityStatus,
  Page,
  ResidentialArea,
  ResidentialAreaInput,
  areasQuery,
  facilitiesQuery,
  facilityPatch,
  ledgerMapFilter,
  residentialAreaPatch,
} from '@zibo/shared';
import { ApiError, api, downloadFile, uploadFile } from '../../api/client.ts';

export type { ArchivedFilter, LedgerMapCluster, MapFacilityStatus, Page };

/** The lists' filters, as the API parses them (the client writes them into the URL). */
export type AreasFilter = z.infer<typeof areasQuery>;
export type FacilitiesFilter = z.infer<typeof facilitiesQuery>;
export type LedgerMapFilter = z.infer<typeof ledgerMapFilter>;

/** The whole map of the scope (no view given): the answer carries no clusters nor totals. */
export type LedgerMap = Omit<LedgerMapAnswer, 'clusters' | 'totals'>;
/** One view of the ledger map: single points and clusters inside the box, totals of the scope. */
export type LedgerMapView = Required<LedgerMapAnswer>;

/** The viewer's box (west, south, east, north; WGS-84) and zoom. */
export type MapViewport = { bbox: [number, number, number, number]; zoom: number };

export type ImportResult = LedgerImportReport;
export type AreaPatch = z.input<typeof residentialAreaPatch>;
export type FacilityPatch = z.input<typeof facilityPatch>;

export const ledgerKeys = {
  all: ['ledger'] as const,
  areas: (filter: AreasFilter) => ['ledger', 'areas', filter] as const,
  area: (id: number) => ['ledger', 'area', id] as const,
  facilities: (filter: FacilitiesFilter) => ['ledger', 'facilities', filter] as const,
  facility: (id: number) => ['ledger', 'facility', id] as const,
  map: (filter: LedgerMapFilter) => ['ledger', 'map', filter] as const,
  mapView: (filter: LedgerMapFilter, view: MapViewport | null) =>
    ['ledger', 'map', filter, view] as const,
};

export function useAreas(filter: AreasFilter) {
  return useQuery({
    queryKey: ledgerKeys.areas(filter),
    queryFn: ({ signal }) =>
      api.get<Page<ResidentialArea>>('/residential-areas', { ...filter }, signal),
    placeholderData: keepPreviousData,
  });
}

export function useArea(id: number) {
  return useQuery({
    queryKey: ledgerKeys.area(id),
    queryFn: () => api.get<ResidentialArea>(`/residential-areas/${id}`),
    enabled: Number.isInteger(id) && id > 0,
  });
}

export function useFacilities(filter: FacilitiesFilter, enabled = true) {
  return useQuery({
    queryKey: ledgerKeys.facilities(filter),
    queryFn: ({ signal }) => api.get<Page<Facility>>('/facilities', { ...filter }, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useFacility(id: number) {
  return useQuery({
    queryKey: ledgerKeys.facility(id),
    queryFn: () => api.get<Facility>(`/facilities/${id}`),
    enabled: Number.isInteger(id) && id > 0,
  });
}

export function useLedgerMap(filter: LedgerMapFilter) {
  return useQuery({
    queryKey: ledgerKeys.map(filter),
    queryFn: ({ signal }) => api.get<LedgerMap>('/ledger/map', { ...filter }, signal),
    placeholderData: keepPreviousData,
  });
}

/** The ledger map for the viewer's box and zoom; the previous view stays drawn while the next loads. */
export function useLedgerMapView(filter: LedgerMapFilter, view: MapViewport | null) {
  return useQuery({
    queryKey: ledgerKeys.mapView(filter, view),
    queryFn: ({ signal }) =>
      api.get<LedgerMapView>(
        '/ledger/map',
        { ...filter, bbox: view!.bbox.join(','), zoom: view!.zoom },
        signal,
      ),
    enabled: view !== null,
    placeholderData: keepPreviousData,
  });
}

/** A ledger write; every ledger list, map and gap figure is stale after it. */
function useLedgerMutation<V, R>(mutationFn: (vars: V) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    // Not awaited: the caller's own onSuccess (close the drawer, leave a deleted record's page)
    // must not wait for, nor be cancelled by, the refetch of a page that is about to go.
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ledgerKeys.all });
      void queryClient.invalidateQueries({ queryKey: ['gap-analysis'] });
    },
    // Someone else saved first: fetch the current record so the next edit starts from it.
    onError: async (error) => {
      if (error instanceof ApiError && error.code === 'CONFLICT') {
        await queryClient.invalidateQueries({ queryKey: ledgerKeys.all });
      }
    },
  });
}

export function useCreateArea() {
  return useLedgerMutation((input: ResidentialAreaInput) =>
    api.post<ResidentialArea>('/residential-areas', input),
  );
}

export function useUpdateArea() {
  return useLedgerMutation(({ id, ...patch }: AreaPatch & { id: number }) =>
    api.patch<ResidentialArea>(`/residential-areas/${id}`, patch),
  );
}

export function useDeleteArea() {
  return useLedgerMutation((id: number) => api.delete<null>(`/residential-areas/${id}`));
}

/** Issue 11: archive an area with a reason; it leaves the ledger but keeps its history. */
export function useArchiveArea() {
  return useLedgerMutation(({ id, ...body }: ArchiveInput & { id: number }) =>
    api.post<ResidentialArea>(`/residential-areas/${id}/archive`, body),
  );
}

export function useCreateFacility() {
  return useLedgerMutation((input: FacilityInput) => api.post<Facility>('/facilities', input));
}

export function useUpdateFacility() {
  return useLedgerMutation(({ id, ...patch }: FacilityPatch & { id: number }) =>
    api.patch<Facility>(`/facilities/${id}`, patch),
  );
}

export function useDeleteFacility() {
  return useLedgerMutation((id: number) => api.delete<null>(`/facilities/${id}`));
}

/** Issue 11: archive a facility with a reason. */
export function useArchiveFacility() {
  return useLedgerMutation(({ id, ...body }: ArchiveInput & { id: number }) =>
    api.post<Facility>(`/facilities/${id}/archive`, body),
  );
}

/** P3: the import checks the whole workbook; a dry run writes nothing. */
export function useImportLedger() {
  return useLedgerMutation(({ file, dryRun }: { file: File; dryRun: boolean }) =>
    uploadFile<ImportResult>('/imports/ledger', file, file.name, { dryRun }),
  );
}

export function downloadLedgerTemplate() {
  return downloadFile('/imports/ledger/template', '台账导入模板.xlsx');
}

export function downloadLedgerExport(region: string | null) {
  return downloadFile('/exports/ledger.xlsx', '配套设施台账.xlsx', { region });
}
