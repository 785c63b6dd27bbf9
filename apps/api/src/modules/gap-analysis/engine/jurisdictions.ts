import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { JURISDICTIONS, type Jurisdiction } from '@zibo/shared';

/**
 * The region-code prefix an area must have for a rule of the jurisdiction to apply (null: never,
 * as for comparator figures). These are facts about who issued a standard (Shandong's provincial
 * standards govern its cities; a city's municipal documents govern only that city), kept beside
 * the catalogue in reference/standards/jurisdictions.json — not the configured city: in another
 * city a municipal rule of the catalogue never applies, as it should not.
 */
export const JURISDICTION_REGION_PREFIX: Readonly<Record<Jurisdiction, string | null>> = z
  .record(
    z.enum(JURISDICTIONS),
    z
      .string()
      .regex(/^\d{0,6}$/)
      .nullable(),
  )
  .parse(
    JSON.parse(
      fs.readFileSync(
        fileURLToPath(
          new URL('../../../../reference/standards/jurisdictions.json', import.meta.url),
        ),
        'utf8',
      ),
    ),
  );
