import type {
  BulletinSnapshot,
  LateEntry,
  SupervisionDepartmentRow,
  SupervisionRegionRow,
} from '@zibo/shared';
import { currentCity } from '../../platform/city.ts';
import { departmentCode } from '../org/index.ts';

type RegionFigures = Pick<
  SupervisionRegionRow,
  | 'regionCode'
  | 'name'
  | 'problems'
  | 'closed'
  | 'overdue'
  | 'closureRate'
  | 'satisfactionRate'
  | 'rank'
  | 'light'
  | 'score'
  | 'change'
>;

function region(r: RegionFigures): SupervisionRegionRow {
  return {
    kind: 'district',
    category: null,
    plansDue: 0,
    plansOnTime: 0,
    plansOnTimeRate: null,
    surveysDue: 0,
    surveysOnTime: 0,
    surveyTimeliness: null,
    ordersDue: 0,
    ordersOnTime: 0,
    rated: true,
    ...r,
  };
}

function department(
  d: Pick<
    SupervisionDepartmentRow,
    'departmentCode' | 'name' | 'problems' | 'closed' | 'overdue' | 'closureRate' | 'rank'
  >,
): SupervisionDepartmentRow {
  return {
    plansDecided: 0,
    plansApproved: 0,
    plansOnTime: 0,
    closuresVerified: 0,
    closuresOnTime: 0,
    opinionsDue: 0,
    opinionsOnTime: 0,
    score: Math.round(d.closureRate * 1000) / 10,
    light: 'green',
    rated: true,
    change: null,
    ...d,
  };
}

function late(l: Omit<LateEntry, 'unitCode' | 'link'>): LateEntry {
  return { unitCode: null, link: '/problems', ...l };
}

/**
 * A hand-made snapshot for the document tests: three districts with distinct figures, two
 * departments, two late entries, and a previous issue to compare with (codes of the configured
 * city).
 */
export function fixtureSnapshot(): BulletinSnapshot {
  const city = currentCity().code;
  return {
    asOf: '2026-11-30T16:00:00.000Z',
    regionCode: city,
    regionName: '淄博市',
    totals: { problems: 120, closed: 57, overdue: 9, closureRate: 57 / 120 },
    regions: [
      region({
        regionCode: `${city}03`,
        name: '张店区',
        problems: 40,
        closed: 31,
        overdue: 1,
        closureRate: 31 / 40,
        satisfactionRate: 0.92,
        score: 86.4,
        rank: 1,
        light: 'green',
        change: { closureRatePoints: 12.5, places: 1 },
      }),
      region({
        regionCode: `${city}02`,
        name: '淄川区',
        problems: 50,
        closed: 20,
        overdue: 3,
        closureRate: 20 / 50,
        satisfactionRate: null,
        score: 71.2,
        rank: 2,
        light: 'yellow',
        change: { closureRatePoints: 2, places: -1 },
      }),
      region({
        regionCode: `${city}04`,
        name: '博山区',
        problems: 30,
        closed: 6,
        overdue: 5,
        closureRate: 6 / 30,
        satisfactionRate: null,
        score: 38.5,
        rank: 3,
        light: 'red',
        change: { closureRatePoints: 0, places: 0 },
      }),
    ],
    departments: [
      department({
        departmentCode: departmentCode(city, 'education'),
        name: '市教育局',
        problems: 70,
        closed: 40,
        overdue: 4,
        closureRate: 40 / 70,
        rank: 1,
      }),
      department({
        departmentCode: departmentCode(city, 'health'),
        name: '市卫生健康委员会',
        problems: 50,
        closed: 17,
        overdue: 5,
        closureRate: 17 / 50,
        rank: 2,
      }),
    ],
    late: [
      late({
        kind: 'problem_deadline',
        unit: '博山区',
        what: '山头街道某小区配套幼儿园未移交',
        dueDate: '2026-09-30',
        daysLate: 61,
      }),
      late({
        kind: 'plan_approval',
        unit: '市卫生健康委员会',
        what: '淄川区般阳路社区卫生服务站整治方案',
        dueDate: '2026-11-10',
        daysLate: 20,
      }),
    ],
    previous: { id: 1, issueNo: 2, docNumber: '淄社配办〔2026〕2号', closureRate: 0.4, closed: 45 },
  };
}
