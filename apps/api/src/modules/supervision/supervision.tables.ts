import {
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { currentCity } from '../../platform/city.ts';

/** 任务分解表 (policy attachment 2, P12): task, lead department, responsible units, deadline. */
export const tasks = pgTable('tasks', {
  id: serial('id').primaryKey(),
  cityCode: text('city_code')
    .notNull()
    .$defaultFn(() => currentCity().code),
  seq: integer('seq').notNull(),
  name: text('name').notNull(),
  description: text('description'),
  leadDepartmentCode: text('lead_department_code').notNull(),
  responsibleUnits: text('responsible_units').array().notNull().default([]),
  /** Null for a standing task (长期). */
  deadline: date('deadline', { mode: 'string' }),
  progressPercent: doublePrecision('progress_percent').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  version: integer('version').notNull().default(1),
});

export const taskReports = pgTable(
  'task_reports',
  {
    id: serial('id').primaryKey(),
    taskId: integer('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    note: text('note').notNull(),
    percent: doublePrecision('percent').notNull(),
    actorId: integer('actor_id'),
    actorName: text('actor_name'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('task_reports_task_idx').on(t.taskId)],
);

/** 领导小组组成人员名单 (policy attachment 1): an editable roster. */
export const leadingGroupMembers = pgTable('leading_group_members', {
  id: serial('id').primaryKey(),
  cityCode: text('city_code')
    .notNull()
    .$defaultFn(() => currentCity().code),
  sortOrder: integer('sort_order').notNull(),
  position: text('position').notNull(),
  title: text('title').notNull(),
  unit: text('unit').notNull(),
  name: text('name'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * 督办单 (P11): blue (deadline near), yellow (behind pace), red (overdue); raised by hand by the
 * office or a lead department, or by the daily job (then `dedupe_key` names the rule occasion so
 * racing runners raise it once). The receiving unit signs (签收) and replies by the due dates.
 */
export const supervisionOrders = pgTable(
  'supervision_orders',
  {
    id: serial('id').primaryKey(),
    cityCode: text('city_code')
      .notNull()
      .$defaultFn(() => currentCity().code),
    color: text('color', { enum: ['blue', 'yellow', 'red'] }).notNull(),
    source: text('source', { enum: ['manual', 'auto'] }).notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    /** A region code (district, street) or a department code. */
    targetCode: text('target_code').notNull(),
    targetName: text('target_name').notNull(),
    /** Region code the order concerns, for scope (the target region, or the department's). */
    scopeRegionCode: text('scope_region_code').notNull(),
    problemId: integer('problem_id'),
    dedupeKey: text('dedupe_key'),
    raisedBy: integer('raised_by'),
    raisedByName: text('raised_by_name').notNull(),
    raisedByDepartment: text('raised_by_department'),
    raisedAt: timestamp('raised_at', { withTimezone: true }).notNull().defaultNow(),
    signDueDate: date('sign_due_date', { mode: 'string' }).notNull(),
    replyDueDate: date('reply_due_date', { mode: 'string' }).notNull(),
    status: text('status', { enum: ['issued', 'signed', 'replied', 'closed', 'cancelled'] })
      .notNull()
      .default('issued'),
    signedAt: timestamp('signed_at', { withTimezone: true }),
    signedByName: text('signed_by_name'),
    reply: text('reply'),
    repliedAt: timestamp('replied_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    demo: boolean('demo').notNull().default(false),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('supervision_orders_dedupe_uq').on(t.dedupeKey),
    index('supervision_orders_target_idx').on(t.targetCode),
    index('supervision_orders_scope_idx').on(t.scopeRegionCode.op('text_pattern_ops')),
  ],
);

export const supervisionOrderEvents = pgTable(
  'supervision_order_events',
  {
    id: serial('id').primaryKey(),
    orderId: integer('order_id')
      .notNull()
      .references(() => supervisionOrders.id, { onDelete: 'cascade' }),
    action: text('action').notNull(),
    actorId: integer('actor_id'),
    actorName: text('actor_name').notNull(),
    comment: text('comment'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('supervision_order_events_order_idx').on(t.orderId)],
);
