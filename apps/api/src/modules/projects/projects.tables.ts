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
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import {
  CONDITION_STATUSES,
  GATE_STATUSES,
  INSPECTION_USE_STATUSES,
  OPINION_DECISIONS,
  PROJECT_GATES,
} from '@zibo/shared';
import { users } from '../../platform/auth/auth.tables.ts';
import { regions } from '../org/org.tables.ts';
import { currentCity } from '../../platform/city.ts';

/** 新建居住区项目: its required facilities are derived from the standards when it is registered. */
export const projects = pgTable(
  'projects',
  {
    id: serial('id').primaryKey(),
    cityCode: text('city_code')
      .notNull()
      .$defaultFn(() => currentCity().code),
    name: text('name').notNull(),
    developerName: text('developer_name').notNull(),
    /** The developer organisation's account: the only developer account that sees the project. */
    developerUserId: integer('developer_user_id').references(() => users.id),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    households: integer('households').notNull(),
    population: integer('population'),
    landArea: doublePrecision('land_area').notNull(),
    floorArea: doublePrecision('floor_area').notNull(),
    lon: doublePrecision('lon').notNull(),
    lat: doublePrecision('lat').notNull(),
    phases: jsonb('phases').notNull().default([]),
    presaleBeforeCompletion: boolean('presale_before_completion').notNull().default(false),
    currentGate: text('current_gate', { enum: PROJECT_GATES }).notNull(),
    requiredFacilities: jsonb('required_facilities').notNull().default([]),
    requiredAdjusted: boolean('required_adjusted').notNull().default(false),
    createdBy: integer('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('projects_region_idx').on(t.regionCode.op('text_pattern_ops')),
    index('projects_developer_idx').on(t.developerUserId),
    index('projects_gate_idx').on(t.currentGate),
  ],
);

/** One row per project and gate: its status, who must opine, the current round and its deadline. */
export const projectGates = pgTable(
  'project_gates',
  {
    id: serial('id').primaryKey(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    gate: text('gate', { enum: PROJECT_GATES }).notNull(),
    seq: smallint('seq').notNull(),
    status: text('status', { enum: GATE_STATUSES }).notNull(),
    requiredDepartments: text('required_departments').array().notNull().default([]),
    /** Submissions so far; opinions belong to a round, and a resubmission starts a new one. */
    round: integer('round').notNull().default(0),
    opinionDeadline: date('opinion_deadline', { mode: 'string' }),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    passedAt: timestamp('passed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('project_gates_uq').on(t.projectId, t.gate),
    index('project_gates_open_idx').on(t.status, t.opinionDeadline),
  ],
);

/** A gate's document as submitted, one per round (planning conditions, land contract, …). */
export const projectSubmissions = pgTable(
  'project_submissions',
  {
    id: serial('id').primaryKey(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    gate: text('gate', { enum: PROJECT_GATES }).notNull(),
    round: integer('round').notNull(),
    facilities: jsonb('facilities').notNull(),
    attachmentIds: integer('attachment_ids').array().notNull().default([]),
    note: text('note'),
    submittedBy: integer('submitted_by'),
    submittedByName: text('submitted_by_name'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('project_submissions_uq').on(t.projectId, t.gate, t.round)],
);

/** 意见: one department's decision in one round of a joint review. */
export const projectOpinions = pgTable(
  'project_opinions',
  {
    id: serial('id').primaryKey(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    gate: text('gate', { enum: PROJECT_GATES }).notNull(),
    round: integer('round').notNull(),
    departmentCode: text('department_code').notNull(),
    decision: text('decision', { enum: OPINION_DECISIONS }).notNull(),
    comment: text('comment'),
    actorId: integer('actor_id'),
    actorName: text('actor_name'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('project_opinions_uq').on(t.projectId, t.gate, t.round, t.departmentCode)],
);

/** A condition attached to an approval; the gate it is due at refuses submission until it is met. */
export const projectConditions = pgTable(
  'project_conditions',
  {
    id: serial('id').primaryKey(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    gate: text('gate', { enum: PROJECT_GATES }).notNull(),
    round: integer('round').notNull(),
    opinionId: integer('opinion_id').references(() => projectOpinions.id),
    departmentCode: text('department_code').notNull(),
    text: text('text').notNull(),
    dueGate: text('due_gate', { enum: PROJECT_GATES }).notNull(),
    status: text('status', { enum: CONDITION_STATUSES }).notNull().default('open'),
    answer: text('answer'),
    answerAttachmentIds: integer('answer_attachment_ids').array().notNull().default([]),
    answeredBy: integer('answered_by'),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    decidedBy: integer('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    decisionComment: text('decision_comment'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('project_conditions_project_idx').on(t.projectId)],
);

/** The project's timeline: registration, adjustments, submissions, opinions, conditions, inspections. */
export const projectEvents = pgTable(
  'project_events',
  {
    id: serial('id').primaryKey(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    gate: text('gate', { enum: PROJECT_GATES }),
    action: text('action').notNull(),
    round: integer('round'),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    actorId: integer('actor_id'),
    actorName: text('actor_name'),
    actorDepartment: text('actor_department'),
    comment: text('comment'),
    attachmentIds: integer('attachment_ids').array().notNull().default([]),
    data: jsonb('data'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('project_events_project_idx').on(t.projectId)],
);

/** P10 使用监管: a department's inspection of one delivered facility. */
export const projectInspections = pgTable(
  'project_inspections',
  {
    id: serial('id').primaryKey(),
    projectId: integer('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    facilityType: text('facility_type').notNull(),
    useStatus: text('use_status', { enum: INSPECTION_USE_STATUSES }).notNull(),
    note: text('note').notNull(),
    attachmentIds: integer('attachment_ids').array().notNull().default([]),
    departmentCode: text('department_code'),
    inspectedBy: integer('inspected_by'),
    inspectorName: text('inspector_name'),
    problemId: integer('problem_id'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('project_inspections_project_idx').on(t.projectId)],
);

/**
 * Which projects changed, one row per statement, written by database triggers on projects and
 * their gates, submissions, opinions, conditions, events and inspections (migration 0025), so
 * every writer is covered (the workflow, seeds, other processes, SQL data fixes). The kept
 * projects list (project-answers.ts) reads the rows' numbers after the last it has seen. Rows
 * older than an hour are pruned.
 */
export const projectChanges = pgTable(
  'project_changes',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    ids: integer('ids').array().notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('project_changes_at_idx').on(t.at)],
);
