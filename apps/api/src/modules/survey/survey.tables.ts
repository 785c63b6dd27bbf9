import {
  date,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { regions } from '../org/org.tables.ts';
import { currentCity } from '../../platform/city.ts';

/** 排查摸底: a campaign with a deadline (the policy's was 2020-04-10, P3). */
export const surveys = pgTable('surveys', {
  id: serial('id').primaryKey(),
  cityCode: text('city_code')
    .notNull()
    .$defaultFn(() => currentCity().code),
  name: text('name').notNull(),
  deadline: date('deadline', { mode: 'string' }).notNull(),
  status: text('status', { enum: ['open', 'closed'] })
    .notNull()
    .default('open'),
  createdBy: integer('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  version: integer('version').notNull().default(1),
});

/** One district's ledger submission in a survey, filed (备案) by each lead department. */
export const surveySubmissions = pgTable(
  'survey_submissions',
  {
    id: serial('id').primaryKey(),
    cityCode: text('city_code')
      .notNull()
      .$defaultFn(() => currentCity().code),
    surveyId: integer('survey_id')
      .notNull()
      .references(() => surveys.id, { onDelete: 'cascade' }),
    districtCode: text('district_code')
      .notNull()
      .references(() => regions.code),
    status: text('status', { enum: ['pending', 'submitted', 'filed', 'returned'] })
      .notNull()
      .default('pending'),
    /** Department kinds that have filed the current submission: {kind: {at, by, departmentCode}}. */
    filings: jsonb('filings').notNull().default({}),
    /** Counts at submission time, so the department files what it saw. */
    snapshot: jsonb('snapshot'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    submittedBy: integer('submitted_by'),
    returnedAt: timestamp('returned_at', { withTimezone: true }),
    returnedBy: integer('returned_by'),
    returnComment: text('return_comment'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('survey_submissions_uq').on(t.surveyId, t.districtCode),
    index('survey_submissions_district_idx').on(t.districtCode),
  ],
);

/** The submission's timeline (who submitted, filed, returned, when, with what comment). */
export const surveySubmissionEvents = pgTable(
  'survey_submission_events',
  {
    id: serial('id').primaryKey(),
    submissionId: integer('submission_id')
      .notNull()
      .references(() => surveySubmissions.id, { onDelete: 'cascade' }),
    action: text('action').notNull(),
    actorId: integer('actor_id'),
    actorName: text('actor_name'),
    departmentCode: text('department_code'),
    comment: text('comment'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('survey_submission_events_sub_idx').on(t.submissionId)],
);
