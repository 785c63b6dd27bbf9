import { z } from 'zod';
import { CATEGORY_CODES } from '../categories.ts';
import { cityRegionCode } from '../city.ts';

export const REGION_LEVELS = ['city', 'district', 'street', 'community'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

export const region = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(REGION_LEVELS),
  parentCode: z.string().nullable(),
  kind: z.string(),
  childCount: z.number().int(),
  lon: z.number().nullable(),
  lat: z.number().nullable(),
});
export type Region = z.infer<typeof region>;

export const regionDetail = region.extend({
  path: z.array(z.object({ code: z.string(), name: z.string(), level: z.enum(REGION_LEVELS) })),
  zones: z.array(z.object({ code: z.string(), name: z.string() })),
});

export const zone = z.object({
  code: z.string(),
  name: z.string(),
  streetCodes: z.array(z.string()),
  version: z.number().int(),
});
export type Zone = z.infer<typeof zone>;

export const zoneUpdateBody = z.strictObject({
  streetCodes: z.array(cityRegionCode('\\d{5}', '镇街代码应为 9 位')).max(200),
  version: z.number().int(),
});

export const department = z.object({
  code: z.string(),
  name: z.string(),
  kind: z.string(),
  level: z.enum(['city', 'district']),
  regionCode: z.string(),
  categories: z.array(z.enum(CATEGORY_CODES)),
});
export type Department = z.infer<typeof department>;
