export { ledgerRoutes } from './ledger.routes.ts';
export { ledgerIoRoutes } from './ledger-io.routes.ts';
// The tables, for the schema index and the modules not yet moved to the reads below (feedback).
export { residentialAreas, facilities, facilityAreas } from './ledger.tables.ts';
// P3 locks: the survey module locks and unlocks a district's ledger through these.
export {
  selectLocks,
  selectSurveyLocks,
  lockLedger,
  unlockLedger,
  type LedgerLock,
} from './ledger-locks.ts';
// What other modules read of the ledger.
export {
  areaNameOf,
  findAreaRecord,
  countLedgerUnder,
  selectFacilitiesInBox,
} from './ledger-reads.ts';
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
