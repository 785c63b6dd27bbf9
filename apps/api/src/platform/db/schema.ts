// Every module's tables, for drizzle-kit and the typed client. Modules own their tables.
export * from '../../modules/org/org.tables.ts';
export * from '../auth/auth.tables.ts';
export * from '../audit/audit.tables.ts';
export * from '../../modules/ledger/ledger.tables.ts';
export * from '../../modules/survey/survey.tables.ts';
export * from '../revisions.tables.ts';
export * from '../../modules/standards/standards.tables.ts';
export * from '../files/files.tables.ts';
export * from '../jobs/jobs.tables.ts';
export * from '../../modules/inbox/inbox.tables.ts';
export * from '../../modules/problems/problems.tables.ts';
export * from '../../modules/supervision/supervision.tables.ts';
export * from '../../modules/projects/projects.tables.ts';
export * from '../../modules/feedback/feedback.tables.ts';
export * from '../../modules/feedback/questionnaires/questionnaires.tables.ts';
export * from '../../modules/bulletins/bulletins.tables.ts';
