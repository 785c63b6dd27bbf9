import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR, type Actor } from '../../platform/auth/actor.ts';
import { checkCommunity, districtsOf, mayWriteType, storedPoint } from './ledger-rules.ts';

// P3: the rules single writes and the workbook import share.
const district: Actor = {
  ...SYSTEM_ACTOR,
  regionCode: '370303',
  categories: ['education'],
};

describe('ledger write rules', () => {
  it('a community must be a community within the actor’s region', () => {
    expect(checkCommunity(district, '370303001001', 'community')).toBe('ok');
    expect(checkCommunity(district, '370303001', 'street')).toBe('not_a_community');
    expect(checkCommunity(district, '370303001009', undefined)).toBe('not_a_community');
    expect(checkCommunity(district, '370302001001', 'community')).toBe('out_of_scope');
  });

  it('a facility type must be in the actor’s categories', () => {
    expect(mayWriteType(district, 'kindergarten')).toBe(true);
    expect(mayWriteType(district, 'health_centre')).toBe(false);
  });

  it('coordinates are both or neither, stored as WGS-84', () => {
    expect(storedPoint(null, null)).toEqual({ lon: null, lat: null });
    expect(storedPoint(118, null)).toEqual({ lon: null, lat: null, missing: 'lat' });
    expect(storedPoint(undefined, 36.8)).toEqual({ lon: null, lat: null, missing: 'lon' });
    expect(storedPoint(118.05, 36.8, 'wgs84')).toEqual({ lon: 118.05, lat: 36.8 });
    const fromGcj = storedPoint(118.05, 36.8, 'gcj02');
    expect(fromGcj.lon).not.toBe(118.05);
    expect(Math.abs(fromGcj.lon! - 118.05)).toBeLessThan(0.01);
  });

  it('locks are per district', () => {
    expect(districtsOf(['370303001001', '370303002003', '370302001001'])).toEqual([
      '370303',
      '370302',
    ]);
  });
});
