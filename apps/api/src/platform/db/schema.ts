// Every module's tables, for drizzle-kit and the typed client. Modules own their tables.
export * from '../../modules/org/org.tables.ts';
export * from '../auth/auth.tables.ts';
export * from '../audit/audit.tables.ts';
export * from '../../modules/ledger/ledger.tables.ts';
export * from '../../modules/survey/survey.tables.ts';
