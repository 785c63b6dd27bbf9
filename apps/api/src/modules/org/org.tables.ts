import {
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

/** 行政区划: the real NBS 2023 divisions of Zibo; the code's prefix is its ancestry. */
export const regions = pgTable(
  'regions',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    level: text('level', { enum: ['city', 'district', 'street', 'community'] }).notNull(),
    parentCode: text('parent_code'),
    kind: text('kind').notNull(),
    /** WGS-84 point (converted from the GCJ-02 source); null where the source has none. */
    lon: doublePrecision('lon'),
    lat: doublePrecision('lat'),
    /** District outline, GeoJSON geometry in WGS-84. */
    outline: jsonb('outline'),
  },
  (t) => [index('regions_parent_idx').on(t.parentCode), index('regions_level_idx').on(t.level)],
);

/** 功能区: a management overlay; which streets a zone manages is set by an administrator. */
export const zones = pgTable('zones', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  sortOrder: integer('sort_order').notNull().default(0),
  version: integer('version').notNull().default(1),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const zoneStreets = pgTable(
  'zone_streets',
  {
    zoneCode: text('zone_code')
      .notNull()
      .references(() => zones.code, { onDelete: 'cascade' }),
    streetCode: text('street_code')
      .notNull()
      .references(() => regions.code),
  },
  (t) => [primaryKey({ columns: [t.zoneCode, t.streetCode] })],
);

/** 部门: city and district departments with the categories each leads (P1). */
export const departments = pgTable(
  'departments',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    level: text('level', { enum: ['city', 'district'] }).notNull(),
    regionCode: text('region_code')
      .notNull()
      .references(() => regions.code),
    categories: text('categories').array().notNull().default([]),
  },
  (t) => [index('departments_region_idx').on(t.regionCode)],
);

/** Admin-editable settings (the environment holds only what start-up needs). */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  version: integer('version').notNull().default(1),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
