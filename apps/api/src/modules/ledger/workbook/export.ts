import type { Writable } from 'node:stream';
import { AREA_KIND_NAMES, FACILITY_TYPES, OWNERSHIP_NAMES, STAGE_STATUS_NAMES } from '@zibo/shared';
import { type CellValue } from '../../../platform/excel/cells.ts';
import { type WriteColumn, writeWorkbook } from '../../../platform/excel/writer.ts';
import { shanghaiMinute } from '../../../platform/time.ts';
import {
  AREA_COLUMNS,
  AREA_REF_SEPARATORS,
  AREA_SHEET,
  type AreaExportRecord,
  type AreaKey,
  COORD_LABEL,
  FACILITY_COLUMNS,
  FACILITY_SHEET,
  type FacilityExportRecord,
  type FacilityKey,
  INSTRUCTIONS_SHEET,
  type LedgerColumn,
  type Records,
} from './columns.ts';
import { INSTRUCTIONS } from './instructions.ts';

/** Writing the ledger workbook: the export of the ledger and the empty import template. */

function formatUpdatedAt(value: string): string {
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : shanghaiMinute(date);
}

/** `12 幸福小区`: the id decides on re-import, the name is for the reader; just the name for an area not in the ledger yet (a workbook of new records). */
function formatAreaRef(area: { id?: number | null; name: string }): string {
  if (!area.id) return area.name;
  return [...area.name].some((ch) => AREA_REF_SEPARATORS.has(ch))
    ? String(area.id)
    : `${area.id} ${area.name}`;
}

export function areaRow(area: AreaExportRecord, index: number): CellValue[] {
  const values: Record<AreaKey, CellValue> = {
    seq: index + 1,
    id: area.id,
    name: area.name,
    district: area.districtName,
    street: area.streetName,
    regionCode: area.regionCode,
    community: area.regionName,
    address: area.address,
    lon: area.lon,
    lat: area.lat,
    coordSystem: COORD_LABEL.wgs84,
    households: area.households,
    population: area.population,
    buildYear: area.buildYear,
    kind: AREA_KIND_NAMES[area.kind],
  };
  return AREA_COLUMNS.map((c) => values[c.key]);
}

function statusLabel(status: string | null): string | null {
  return status === null ? null : (STAGE_STATUS_NAMES[status] ?? status);
}

export function facilityRow(facility: FacilityExportRecord, index: number): CellValue[] {
  const values: Record<FacilityKey, CellValue> = {
    seq: index + 1,
    id: facility.id,
    name: facility.name,
    type: FACILITY_TYPES.find((t) => t.code === facility.type)?.name ?? facility.type,
    areas: facility.residentialAreas.map(formatAreaRef).join('、'),
    floorArea: facility.floorArea,
    siteArea: facility.siteArea,
    lon: facility.lon,
    lat: facility.lat,
    coordSystem: COORD_LABEL.wgs84,
    ownership: facility.ownership ? OWNERSHIP_NAMES[facility.ownership] : null,
    operator: facility.operator,
    planningStatus: statusLabel(facility.stages.planning.status),
    planningNote: facility.stages.planning.note,
    constructionStatus: statusLabel(facility.stages.construction.status),
    constructionNote: facility.stages.construction.note,
    handoverStatus: statusLabel(facility.stages.handover.status),
    handoverNote: facility.stages.handover.note,
    useStatus: statusLabel(facility.stages.use.status),
    useNote: facility.stages.use.note,
    updatedAt: formatUpdatedAt(facility.updatedAt),
  };
  return FACILITY_COLUMNS.map((c) => values[c.key]);
}

async function* mapRecords<T>(
  records: Records<T>,
  toRow: (record: T, index: number) => CellValue[],
): AsyncGenerator<CellValue[]> {
  let index = 0;
  for await (const record of records) yield toRow(record, index++);
}

/**
 * Streams the ledger workbook (P3 台账) — sheets 小区 and 设施 with ids, so that an edited
 * export imported again updates the same records — then 填表说明. `out` must be consumed.
 */
export async function writeLedgerWorkbook(
  out: Writable,
  records: { areas: Records<AreaExportRecord>; facilities: Records<FacilityExportRecord> },
): Promise<{ rows: number }> {
  const columns = <K extends string>(list: readonly LedgerColumn<K>[]): WriteColumn[] =>
    list.map(({ header, width, choices, numFmt, required }) => ({
      header,
      width,
      choices,
      numFmt,
      required,
    }));
  return writeWorkbook(out, [
    { name: AREA_SHEET, columns: columns(AREA_COLUMNS), rows: mapRecords(records.areas, areaRow) },
    {
      name: FACILITY_SHEET,
      columns: columns(FACILITY_COLUMNS),
      rows: mapRecords(records.facilities, facilityRow),
    },
    {
      name: INSTRUCTIONS_SHEET,
      columns: [
        { header: '工作表', width: 10 },
        { header: '列', width: 26 },
        { header: '填写要求', width: 90 },
      ],
      rows: INSTRUCTIONS(),
      blankRows: 0,
    },
  ]);
}

/** The empty import template: the same workbook with no records. */
export async function writeLedgerTemplate(out: Writable): Promise<void> {
  await writeLedgerWorkbook(out, { areas: [], facilities: [] });
}
