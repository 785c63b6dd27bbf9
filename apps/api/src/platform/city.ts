import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { setCityCode } from '@zibo/shared';

/**
 * The city the platform serves, as configuration: `CITY_CODE` picks it, and its reference folder
 * (`CITY_DIR`, by default apps/api/reference/cities/<code>/) holds city.json — its name, functional
 * zones and bulletin letterhead — beside its divisions and outlines. Nothing else in the code names
 * a city.
 */
export const CITIES_DIR = fileURLToPath(new URL('../../reference/cities/', import.meta.url));
/** The city served when CITY_CODE names none: reference/cities/default.json says which. */
export const DEFAULT_CITY_CODE = z
  .strictObject({ cityCode: z.string().regex(/^\d{4}$/) })
  .parse(JSON.parse(fs.readFileSync(path.join(CITIES_DIR, 'default.json'), 'utf8'))).cityCode;

const cityFile = z.strictObject({
  code: z.string().regex(/^\d{4}$/),
  name: z.string().min(1),
  /** The name without its administrative suffix (淄博 for 淄博市), for short labels. */
  shortName: z.string().min(1),
  /** The district of the city centre, if any: the demo generator makes it the most urban. */
  centralDistrict: z
    .string()
    .regex(/^\d{6}$/)
    .optional(),
  zones: z.array(z.strictObject({ code: z.string().min(1), name: z.string().min(1) })),
  bulletin: z.strictObject({
    issuer: z.string().min(1),
    docNumberPrefix: z.string().min(1),
    addressees: z.string(),
    copyTo: z.string(),
  }),
  files: z.strictObject({
    divisions: z.string().min(1),
    districtOutlines: z.string().min(1).nullable(),
    points: z.array(z.string().min(1)),
    coordSystem: z.enum(['wgs84', 'gcj02', 'bd09']),
  }),
});
export type City = z.infer<typeof cityFile> & { dir: string };

/** Reads a city's reference folder; fails at start when city.json is missing or wrong. */
export function readCity(code: string, dir = path.join(CITIES_DIR, code)): City {
  const file = path.join(dir, 'city.json');
  const parsed = cityFile.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(`${file}: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  }
  if (parsed.data.code !== code)
    throw new Error(`${file}: code ${parsed.data.code}, expected ${code}`);
  return { ...parsed.data, dir };
}

let current: City | null = null;

/** Sets the city (at start, from the configuration). */
export function configureCity(config: { cityCode: string; cityDir?: string | undefined }): City {
  if (current?.code === config.cityCode && (!config.cityDir || current.dir === config.cityDir))
    return current;
  current = readCity(config.cityCode, config.cityDir);
  setCityCode(current.code);
  return current;
}

/** The configured city; until configured, the one CITY_CODE / CITY_DIR name (or the default). */
export function currentCity(): City {
  return (
    current ??
    configureCity({
      cityCode: process.env.CITY_CODE ?? DEFAULT_CITY_CODE,
      cityDir: process.env.CITY_DIR,
    })
  );
}

/**
 * One of the city's optional reference files (demo data such as demo-projects.json), checked
 * against its schema: null when the city's folder has none; fails at start when it is wrong.
 */
export function readCityFile<T extends z.ZodType>(
  name: string,
  schema: T,
  city: City = currentCity(),
): z.infer<T> | null {
  const file = path.join(city.dir, name);
  if (!fs.existsSync(file)) return null;
  const parsed = schema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(`${file}: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`);
  }
  return parsed.data;
}
