import {
  date,
  doublePrecision,
  index,
  integer,
  pgTable,
  serial,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

/** 任务分解表 (policy attachment 2, P12): task, lead department, responsible units, deadline. */
export const tasks = pgTable('tasks', {
  id: serial('id').primaryKey(),
  cityCode: text('city_code').notNull().default('3703'),
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
  cityCode: text('city_code').notNull().default('3703'),
  sortOrder: integer('sort_order').notNull(),
  position: text('position').notNull(),
  title: text('title').notNull(),
  unit: text('unit').notNull(),
  name: text('name'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
