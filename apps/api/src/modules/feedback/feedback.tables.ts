import {
  date,
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { RATINGS } from '@zibo/shared';
import { currentCity } from '../../platform/city.ts';

/**
 * 居民反映 (P13): a resident's report about an area's facilities, from the public pages. Contact
 * details are encrypted (platform/crypto/field.ts) and erased a set number of days after the
 * feedback ends; `phone_hash` is a keyed hash for "one rating per phone".
 */
export const feedback = pgTable(
  'feedback',
  {
    id: serial('id').primaryKey(),
    cityCode: text('city_code')
      .notNull()
      .$defaultFn(() => currentCity().code),
    trackingCode: text('tracking_code').notNull().unique(),
    residentialAreaId: integer('residential_area_id').notNull(),
    /** The area's community code, copied: the feedback's place in the staff scope. */
    regionCode: text('region_code').notNull(),
    category: text('category').notNull(),
    stage: text('stage', { enum: ['planning', 'construction', 'handover', 'use'] }).notNull(),
    /** `report` (随手拍) or `follow` (关注 an open problem instead of a duplicate report). */
    kind: text('kind', { enum: ['report', 'follow'] })
      .notNull()
      .default('report'),
    description: text('description').notNull(),
    contactNameEnc: text('contact_name_enc'),
    phoneEnc: text('phone_enc'),
    phoneHash: text('phone_hash'),
    attachmentIds: integer('attachment_ids').array().notNull().default([]),
    /** Only with the resident's consent (the device's location). */
    lon: doublePrecision('lon'),
    lat: doublePrecision('lat'),
    consentAt: timestamp('consent_at', { withTimezone: true }).notNull().defaultNow(),
    status: text('status', { enum: ['received', 'answered', 'problem', 'duplicate'] })
      .notNull()
      .default('received'),
    /** Triage by this date (working days from receipt, a setting). */
    dueDate: date('due_date', { mode: 'string' }).notNull(),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    problemId: integer('problem_id'),
    /** The public answer (answer / duplicate), which the resident reads. */
    answer: text('answer'),
    triagedBy: integer('triaged_by'),
    triagedAt: timestamp('triaged_at', { withTimezone: true }),
    rating: text('rating', { enum: RATINGS }),
    ratingComment: text('rating_comment'),
    ratedAt: timestamp('rated_at', { withTimezone: true }),
    /** 回访 不满意 on a closed problem: before the lead department until reopened or upheld. */
    reviewStatus: text('review_status', { enum: ['pending', 'reopened', 'upheld'] }),
    reviewReason: text('review_reason'),
    reviewedBy: integer('reviewed_by'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    /** When the feedback ended (answered, rated, review decided); erasure counts from here. */
    endedAt: timestamp('ended_at', { withTimezone: true }),
    contactErasedAt: timestamp('contact_erased_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('feedback_region_idx').on(t.regionCode.op('text_pattern_ops')),
    index('feedback_status_idx').on(t.status, t.category),
    index('feedback_problem_idx').on(t.problemId),
  ],
);

/** The feedback's timeline. `public_text` is what the resident sees; `comment` stays internal. */
export const feedbackEvents = pgTable(
  'feedback_events',
  {
    id: serial('id').primaryKey(),
    feedbackId: integer('feedback_id')
      .notNull()
      .references(() => feedback.id, { onDelete: 'cascade' }),
    action: text('action').notNull(),
    publicText: text('public_text'),
    comment: text('comment'),
    actorId: integer('actor_id'),
    actorName: text('actor_name'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('feedback_events_feedback_idx').on(t.feedbackId)],
);

/**
 * Counters for public writes per address and hour (and used challenges), in the database so that
 * several server processes share them.
 */
export const publicCounters = pgTable(
  'public_counters',
  {
    key: text('key').notNull(),
    window: timestamp('window', { withTimezone: true }).notNull(),
    count: integer('count').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.key, t.window] })],
);
