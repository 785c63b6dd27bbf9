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
import type { QuestionnaireChoice } from '@zibo/shared';
import { currentCity } from '../../../platform/city.ts';
import { sql } from 'drizzle-orm';

/** One question of a questionnaire: a rating of one facility category (P1's six), plus a comment. */
export type QuestionnaireQuestion = { category: string; text: string };
/** `unknown` is 不了解: counted among the answers, left out of the satisfaction rate. */
export type { QuestionnaireChoice };
export type QuestionnaireReply = {
  category: string;
  choice: QuestionnaireChoice;
  comment?: string;
};

/**
 * 满意度调查 (P13, "广泛听取社区居民意见"): the office or a district asks the residents of chosen
 * communities, for a period, how satisfied they are with each category of facilities.
 * draft → open → closed; results are public per community once closed.
 */
export const questionnaires = pgTable(
  'questionnaires',
  {
    id: serial('id').primaryKey(),
    cityCode: text('city_code')
      .notNull()
      .$defaultFn(() => currentCity().code),
    title: text('title').notNull(),
    intro: text('intro'),
    /** The owner's region (the office's city or a district): who may edit, open and close it. */
    ownerRegionCode: text('owner_region_code').notNull(),
    /** The 12-digit community codes asked, all inside the owner's region. */
    communityCodes: text('community_codes').array().notNull(),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    questions: jsonb('questions').$type<QuestionnaireQuestion[]>().notNull(),
    status: text('status', { enum: ['draft', 'open', 'closed'] })
      .notNull()
      .default('draft'),
    createdBy: integer('created_by').notNull(),
    openedAt: timestamp('opened_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('questionnaires_owner_idx').on(t.ownerRegionCode.op('text_pattern_ops')),
    index('questionnaires_communities_idx').using('gin', t.communityCodes),
  ],
);

/**
 * One resident's answer. One per device (a random token kept on the phone, stored only as a keyed
 * hash) and one per phone number when one is given (keyed hash for the check; the number itself
 * encrypted like feedback's and erased with the same retention setting).
 */
export const questionnaireAnswers = pgTable(
  'questionnaire_answers',
  {
    id: serial('id').primaryKey(),
    questionnaireId: integer('questionnaire_id')
      .notNull()
      .references(() => questionnaires.id, { onDelete: 'restrict' }),
    communityCode: text('community_code').notNull(),
    residentialAreaId: integer('residential_area_id'),
    deviceHash: text('device_hash').notNull(),
    phoneHash: text('phone_hash'),
    phoneEnc: text('phone_enc'),
    replies: jsonb('replies').$type<QuestionnaireReply[]>().notNull(),
    consentAt: timestamp('consent_at', { withTimezone: true }).notNull().defaultNow(),
    contactErasedAt: timestamp('contact_erased_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('questionnaire_answers_device_uq').on(t.questionnaireId, t.deviceHash),
    uniqueIndex('questionnaire_answers_phone_uq')
      .on(t.questionnaireId, t.phoneHash)
      .where(sql`${t.phoneHash} is not null`),
    index('questionnaire_answers_community_idx').on(t.questionnaireId, t.communityCode),
  ],
);
