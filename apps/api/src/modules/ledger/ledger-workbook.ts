/**
 * The ledger workbook (P3 台账), one file per concern under workbook/: the sheets' columns and
 * choices (columns.ts), reading and checking a workbook (parse.ts), writing the export and the
 * template (export.ts), and the 填表说明 sheet (instructions.ts).
 */
export {
  AREA_SHEET,
  FACILITY_SHEET,
  INSTRUCTIONS_SHEET,
  type CoordSystemCode,
  type ParsedArea,
  type AreaRef,
  type ParsedStages,
  type ParsedFacility,
  type LedgerWorkbookError,
  type ParsedLedger,
  type AreaExportRecord,
  type FacilityExportRecord,
} from './workbook/columns.ts';
export {
  parseLedgerWorkbook,
  toResidentialAreaInput,
  toFacilityInput,
  areaNameKey,
} from './workbook/parse.ts';
export { writeLedgerWorkbook, writeLedgerTemplate } from './workbook/export.ts';
