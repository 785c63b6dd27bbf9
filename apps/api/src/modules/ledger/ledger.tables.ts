import {
  doublePrecision,
  index,
  integer,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { regions } from '../org/org.tables.ts';
import { currentCity } from '../../platform/city.ts';

// Every business table carries city_code: the distribution key for a Citus deployment (DESIGN).

/** 居住小区: the unit the ledger counts. */
export const residentialAreas = pgTable(
  'residential_areas',
  {
    id: serial('id').primaryKey(),
    cityCode: text('city_code')
      .notNull()
      .$defaultFn(() => currentCity().code),
    /** A 12-digit community code. */
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    name: text('name').notNull(),
    address: text('address'),
    /** WGS-84, whatever system the input declared. */
    lon: doublePrecision('lon'),
    lat: doublePrecision('lat'),
    households: integer('households').notNull(),
    population: integer('population'),
    buildYear: integer('build_year'),
    kind: text('kind', { enum: ['new', 'existing'] }).notNull(),
    createdBy: integer('created_by'),
    updatedBy: integer('updated_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    // Issue 11: a record that must go is archived with a reason, never erased; it stays
    // reachable by id (history) and leaves lists, map, exports and the gap analysis.
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    archiveReason: text('archive_reason'),
    archivedBy: integer('archived_by'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('residential_areas_region_idx').on(t.regionCode.op('text_pattern_ops')),
    index('residential_areas_name_idx').on(t.name),
    // The lists' order (region code in byte order, then id): keyset pages and index-only counts.
    index('residential_areas_list_idx').on(sql`${t.regionCode} collate "C"`, t.id),
  ],
);

/** 配套设施, with one status per stage (P3: planning, construction, handover, use). */
export const facilities = pgTable(
  'facilities',
  {
    id: serial('id').primaryKey(),
    cityCode: text('city_code')
      .notNull()
      .$defaultFn(() => currentCity().code),
    /** Community of the first area served: the facility's place in the data scope. */
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    type: text('type').notNull(),
    category: text('category').notNull(),
    name: text('name').notNull(),
    floorArea: doublePrecision('floor_area'),
    siteArea: doublePrecision('site_area'),
    lon: doublePrecision('lon'),
    lat: doublePrecision('lat'),
    ownership: text('ownership'),
    operator: text('operator'),
    planningStatus: text('planning_status'),
    planningNote: text('planning_note'),
    constructionStatus: text('construction_status'),
    constructionNote: text('construction_note'),
    handoverStatus: text('handover_status'),
    handoverNote: text('handover_note'),
    useStatus: text('use_status'),
    useNote: text('use_note'),
    createdBy: integer('created_by'),
    updatedBy: integer('updated_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    // Issue 11: a record that must go is archived with a reason, never erased; it stays
    // reachable by id (history) and leaves lists, map, exports and the gap analysis.
    archivedAt: timestamp('archived_at', { withTimezone: true }),
    archiveReason: text('archive_reason'),
    archivedBy: integer('archived_by'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('facilities_region_idx').on(t.regionCode.op('text_pattern_ops')),
    index('facilities_type_idx').on(t.type),
    index('facilities_category_idx').on(t.category),
    // The list's order; the migration adds INCLUDE (category) for the scope's category test.
    index('facilities_list_idx').on(sql`${t.regionCode} collate "C"`, t.id),
  ],
);

/** A facility may serve several residential areas. */
export const facilityAreas = pgTable(
  'facility_areas',
  {
    facilityId: integer('facility_id')
      .notNull()
      .references(() => facilities.id, { onDelete: 'cascade' }),
    residentialAreaId: integer('residential_area_id')
      .notNull()
      .references(() => residentialAreas.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.facilityId, t.residentialAreaId] }),
    index('facility_areas_area_idx').on(t.residentialAreaId),
  ],
);

/**
 * A district's ledger is locked while a survey submission of it is with the departments
 * (submitted or filed, P3 备案) and until it is returned. The survey module sets and clears these.
 */
export const ledgerLocks = pgTable(
  'ledger_locks',
  {
    districtCode: text('district_code').notNull(),
    surveyId: integer('survey_id').notNull(),
    reason: text('reason').notNull(),
    lockedAt: timestamp('locked_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.districtCode, t.surveyId] })],
);
