import { describe, expect, it } from 'vitest';
import type { Finding } from '@zibo/shared';
import { FindingPacker } from './gap-analysis.packed.ts';

/*
 * Issue 12 (memory): a finding packed into two float64 and five int32 words comes back as it
 * went in, at the edges of every field that shares a word, and the byte-wide string numbers
 * refuse to wrap around.
 */

function finding(over: Partial<Finding> = {}): Finding {
  return {
    residentialAreaId: 7,
    facilityType: 'kindergarten',
    category: 'education',
    ruleId: 'r1',
    ruleCode: 'R1',
    ruleVersion: 1,
    metric: 'floor_amount',
    required: 1234.56,
    actual: null,
    unit: 'm²',
    status: 'missing',
    reason: null,
    populationEstimated: false,
    source: 's',
    clause: 'c',
    verified: false,
    jurisdiction: 'national',
    facilityCount: 0,
    excludedCount: 0,
    alternatives: null,
    ...over,
  } as Finding;
}

describe('packed findings', () => {
  it('unpack what was packed, at the edges of each shared word', () => {
    const packer = new FindingPacker();
    const alternatives: NonNullable<Finding['alternatives']> = [
      {
        code: 'a',
        metric: 'floor_area_per_100_households',
        required: 1,
        actual: 0,
        unit: 'm²',
        status: 'missing',
      },
    ];
    const findings: Finding[] = [
      finding(),
      finding({
        facilityType: 'health_station',
        category: 'health',
        status: 'short',
        reason: 'facility_area_unknown',
        populationEstimated: true,
        actual: 0,
        facilityCount: 2 ** 31 - 1,
        excludedCount: 65_536,
        verified: true,
      }),
      finding({ status: 'met', actual: 1e9, alternatives, reason: 'area_location_unknown' }),
      finding({ alternatives, required: -0.5, unit: '处', ruleId: 'r2', ruleVersion: 3 }),
    ];
    const bits = [0, 35, 17, 34];
    let n = 0;
    const packed = packer.pack(
      findings,
      () => 0,
      () => bits[n++] as number,
    );
    expect(packer.unpackAll(7, packed)).toEqual(findings);
    expect(bits.map((_, i) => packer.bit(packed, i))).toEqual(bits);
  });

  it('number at most 255 strings, and say so rather than wrap around', () => {
    const packer = new FindingPacker();
    // Four strings a finding (type, category, unit, reason): 63 findings name 252 of them.
    const many = Array.from({ length: 63 }, (_, i) =>
      finding({
        facilityType: `t${i}` as Finding['facilityType'],
        category: `c${i}` as Finding['category'],
        unit: `u${i}`,
        reason: `r${i}` as Finding['reason'],
      }),
    );
    const last = finding({
      facilityType: 'tx' as Finding['facilityType'],
      category: 'cx' as Finding['category'],
      unit: 'ux',
    });
    const packed = packer.pack(
      [...many, last],
      () => 0,
      () => 0,
    );
    // The 255th string is the last a byte numbers: its findings come back whole.
    expect(packer.unpackAll(7, packed)).toEqual([...many, last]);
    expect(() =>
      packer.pack(
        [finding({ unit: 'one too many' })],
        () => 0,
        () => 0,
      ),
    ).toThrow(/more than 255/);
  });
});
