import { sql } from 'drizzle-orm';
import { PROBLEM_STATUS_CODES } from '@zibo/shared';
import {
  bigserial,
  boolean,
  date,
  doublePrecision,
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

/** 专项整治: a named campaign with its own deadline (P5: kindergartens by 2020-12-31). */
export const campaigns = pgTable('campaigns', {
  id: serial('id').primaryKey(),
  cityCode: text('city_code')
    .notNull()
    .$defaultFn(() => currentCity().code),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  deadline: date('deadline', { mode: 'string' }).notNull(),
  /** Facility types the campaign covers (empty: all). */
  facilityTypes: text('facility_types').array().notNull().default([]),
  description: text('description'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/** 问题: one gap or defect, owned by the district of its area, closed only when verified (P5). */
export const problems = pgTable(
  'problems',
  {
    id: serial('id').primaryKey(),
    cityCode: text('city_code')
      .notNull()
      .$defaultFn(() => currentCity().code),
    residentialAreaId: integer('residential_area_id'),
    /** 12-digit community of the area (or of the project site): the problem's place in the scope. */
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    facilityType: text('facility_type').notNull(),
    category: text('category').notNull(),
    stage: text('stage', { enum: ['planning', 'construction', 'handover', 'use'] }).notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    source: text('source', {
      enum: ['survey', 'gap_analysis', 'resident', 'inspection', 'manual'],
    }).notNull(),
    /** Area × type × rule of the finding this came from: one open problem per finding. */
    findingKey: text('finding_key'),
    ruleId: text('rule_id'),
    ruleVersion: integer('rule_version'),
    facilityId: integer('facility_id'),
    projectId: integer('project_id'),
    campaignId: integer('campaign_id').references(() => campaigns.id),
    isKey: boolean('is_key').notNull().default(false),
    status: text('status', { enum: PROBLEM_STATUS_CODES }).notNull().default('open'),
    /** The approved plan's deadline, or an approved extension. */
    deadline: date('deadline', { mode: 'string' }),
    progressPercent: doublePrecision('progress_percent').notNull().default(0),
    createdBy: integer('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    /**
     * When the first plan (revision 1) was submitted; kept by the database from problem_plans
     * (trigger in migration 0023), so supervision's "plan written on time" needs no join.
     */
    firstPlanAt: timestamp('first_plan_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('problems_region_idx').on(t.regionCode.op('text_pattern_ops')),
    index('problems_status_idx').on(t.status, t.category),
    // Lists (newest first): ids in order with the scope's columns beside them (INCLUDE in the
    // migration), so a page's ids and the count are found from the index alone.
    index('problems_list_idx').on(t.id),
    uniqueIndex('problems_open_finding_uq')
      .on(t.findingKey)
      .where(sql`status <> 'closed' and finding_key is not null`),
    // A finding's problems, open or closed (the gap pages show the one raised from each row).
    index('problems_finding_idx').on(t.findingKey),
  ],
);

/** 整治方案: each submission is a revision; the latest approved one is in force. */
export const problemPlans = pgTable(
  'problem_plans',
  {
    id: serial('id').primaryKey(),
    problemId: integer('problem_id')
      .notNull()
      .references(() => problems.id, { onDelete: 'cascade' }),
    revision: integer('revision').notNull(),
    measures: text('measures').notNull(),
    leadUnit: text('lead_unit').notNull(),
    responsibleUnits: text('responsible_units').array().notNull(),
    deadline: date('deadline', { mode: 'string' }).notNull(),
    milestones: jsonb('milestones').notNull().default([]),
    oneCaseOnePlan: boolean('one_case_one_plan').notNull().default(false),
    documentIds: integer('document_ids').array().notNull().default([]),
    status: text('status', { enum: ['submitted', 'approved', 'rejected', 'superseded'] }).notNull(),
    /** Who must approve and who has: {department: {by, at}, office: {by, at}}. */
    approvals: jsonb('approvals').notNull().default({}),
    needsOfficeApproval: boolean('needs_office_approval').notNull().default(false),
    rejectReason: text('reject_reason'),
    submittedBy: integer('submitted_by'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('problem_plans_rev_uq').on(t.problemId, t.revision)],
);

/** The problem's timeline: every transition, progress report, instruction and decision. */
export const problemEvents = pgTable(
  'problem_events',
  {
    id: serial('id').primaryKey(),
    problemId: integer('problem_id')
      .notNull()
      .references(() => problems.id, { onDelete: 'cascade' }),
    action: text('action').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    actorId: integer('actor_id'),
    actorName: text('actor_name'),
    actorDepartment: text('actor_department'),
    comment: text('comment'),
    percent: doublePrecision('percent'),
    attachmentIds: integer('attachment_ids').array().notNull().default([]),
    data: jsonb('data'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  // (problem, action, at): a problem's timeline, and supervision's "latest request of this kind
  // before the decision" look-ups (read-model.ts) from the index alone.
  (t) => [index('problem_events_problem_action_at_idx').on(t.problemId, t.action, t.at)],
);

/** 延期申请: requested by the owner with a reason, decided by the lead department. */
export const problemExtensions = pgTable('problem_extensions', {
  id: serial('id').primaryKey(),
  problemId: integer('problem_id')
    .notNull()
    .references(() => problems.id, { onDelete: 'cascade' }),
  requestedDeadline: date('requested_deadline', { mode: 'string' }).notNull(),
  reason: text('reason').notNull(),
  status: text('status', { enum: ['pending', 'approved', 'rejected'] })
    .notNull()
    .default('pending'),
  requestedBy: integer('requested_by'),
  requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
  decidedBy: integer('decided_by'),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  comment: text('comment'),
});

/**
 * Which problems changed, one row per statement, written by database triggers on problems,
 * problem_plans, problem_events and problem_extensions (migration 0024), so every writer is
 * covered (the workflow, seeds, imports, other processes). Supervision's problem facts
 * (supervision/problem-facts.cache.ts) read the rows after the sequence they have seen and reload
 * only those problems. Rows older than an hour are pruned.
 */
export const problemChanges = pgTable(
  'problem_changes',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    ids: integer('ids').array().notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('problem_changes_at_idx').on(t.at)],
);
