export { ledgerRoutes } from './ledger.routes.ts';
export { residentialAreas, facilities, facilityAreas, ledgerLocks } from './ledger.tables.ts';
export { onLedgerChange, emitLedgerChange, presentFacility } from './ledger.service.ts';
