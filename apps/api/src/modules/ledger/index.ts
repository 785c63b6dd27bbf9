export { ledgerRoutes } from './ledger.routes.ts';
export { ledgerIoRoutes } from './ledger-io.routes.ts';
export { residentialAreas, facilities, facilityAreas, ledgerLocks } from './ledger.tables.ts';
export {
  onLedgerChange,
  emitLedgerChange,
  presentFacility,
  findArea,
  type LedgerChange,
} from './ledger.service.ts';
export {
  loadLedgerForEvaluation,
  loadFacilitiesForEvaluation,
  loadAreasForEvaluation,
  type LedgerArea,
  type LedgerFacility,
} from './ledger-evaluation.repo.ts';
export { seedDemoLedger } from './demo/seed.ts';
export {
  generateZiboDemo,
  generateScaledDataset,
  writePointsCsv,
  DEMO_MARK,
} from './demo/generator.ts';
export { expandScaledDataset } from './demo/scaled-dataset.ts';
