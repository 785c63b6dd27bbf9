import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import {
  AMOUNT_METRICS,
  AREA_KINDS,
  EVALUABLE_METRICS,
  FACILITY_TYPE_CODES,
  INFORMATIONAL_KINDS,
  JURISDICTIONS,
  LIFE_CIRCLES,
} from '@zibo/shared';

/**
 * The reviewed mapping from each catalogue row to a structured rule or an informational entry,
 * kept as data beside the catalogue (reference/standards/catalogue-mapping.json). Figures are
 * taken from the row's value (the lower bound of a range, since rules state minimums); the row's
 * verified flag is kept as written. Jurisdiction follows the source: national documents, Shandong
 * provincial ones, and comparators (other provinces and cities, including Shandong cities other
 * than the platform's own).
 */
export const CATALOGUE_MAPPING_PATH = fileURLToPath(
  new URL('../../../reference/standards/catalogue-mapping.json', import.meta.url),
);

const facilityType = z.enum(FACILITY_TYPE_CODES);
const areaKinds = z.array(z.enum(AREA_KINDS)).min(1);
const base = {
  jurisdiction: z.enum(JURISDICTIONS),
  issuedOn: z.string().nullable(),
  lifeCircle: z.enum(LIFE_CIRCLES).optional(),
};
const evaluable = z.strictObject({
  facilityType,
  metric: z.enum(EVALUABLE_METRICS).exclude(['any_of']),
  value: z.number().positive(),
  countedTypes: z.array(facilityType).min(1).optional(),
  areaKinds,
  minPopulation: z.number().int().positive().optional(),
  scope: z.string(),
  note: z.string().optional(),
  derivedFrom: z.array(z.string()).optional(),
});
const mappingSchema = z.union([
  z.strictObject({ ...base, rule: evaluable }),
  z.strictObject({
    ...base,
    info: z.enum(INFORMATIONAL_KINDS),
    facilityType: facilityType.optional(),
    note: z.string().optional(),
  }),
  z.strictObject({
    ...base,
    anyOf: z
      .array(
        z.strictObject({
          code: z.string().nullable(),
          metric: z.enum(AMOUNT_METRICS),
          value: z.number().positive(),
          countedTypes: z.array(facilityType).min(1),
        }),
      )
      .min(1),
    facilityType,
    areaKinds,
    scope: z.string(),
    joins: z.array(z.string()).optional(),
    note: z.string().optional(),
  }),
  z.strictObject({ ...base, joinedInto: z.string() }),
]);
export type Mapping = z.infer<typeof mappingSchema>;

/** Reads and checks the mapping; keys starting with `$` are comments. */
export function readCatalogueMapping(path = CATALOGUE_MAPPING_PATH): Record<string, Mapping> {
  const raw = JSON.parse(fs.readFileSync(path, 'utf8')) as Record<string, unknown>;
  const out: Record<string, Mapping> = {};
  for (const [code, entry] of Object.entries(raw)) {
    if (code.startsWith('$')) continue;
    const parsed = mappingSchema.safeParse(entry);
    if (!parsed.success) {
      throw new Error(`standards mapping ${code}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    }
    out[code] = parsed.data;
  }
  return out;
}

export const CATALOGUE_MAPPING: Readonly<Record<string, Mapping>> = readCatalogueMapping();
