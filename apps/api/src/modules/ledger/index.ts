export { ledgerRoutes } from './ledger.routes.ts';
export { residentialAreas, facilities, facilityAreas, ledgerLocks } from './ledger.tables.ts';
export { onLedgerChange, emitLedgerChange, presentFacility } from './ledger.service.ts';
export { seedDemoLedger } from './demo/seed.ts';
export {
  generateZiboDemo,
  generateScaledDataset,
  writePointsCsv,
  DEMO_MARK,
} from './demo/generator.ts';
