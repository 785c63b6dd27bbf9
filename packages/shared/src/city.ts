import { z } from 'zod';

/**
 * The city the platform serves. Region codes of every level start with its 4-digit code (city,
 * district, street, community: 4, 6, 9 and 12 digits). The server sets it at start from its
 * configuration (CITY_CODE); where nothing sets it (the web app) the schemas below check only the
 * shape, and the server decides.
 */
let current: string | null = null;

export function setCityCode(code: string | null): void {
  if (code !== null && !/^\d{4}$/.test(code))
    throw new Error(`city code ${code}: 4 digits expected`);
  current = code;
}

export function cityCode(): string | null {
  return current;
}

/**
 * A region code of the city: the city's 4 digits, then what `rest` (a regular-expression source)
 * allows. Fails as the equivalent `.regex()` would, with the same message.
 */
export function cityRegionCode(rest: string, message?: string) {
  const shape = new RegExp(`^\\d{4}${rest}$`);
  return z.string().superRefine((value, ctx) => {
    if (shape.test(value) && (current === null || value.startsWith(current))) return;
    ctx.addIssue({
      code: 'invalid_format',
      format: 'regex',
      pattern: current === null ? shape.source : `^${current}${rest}$`,
      input: value,
      ...(message ? { message } : {}),
    });
  });
}
