/**
 * P1 — the six facility categories of 淄政办字〔2020〕34号 一.三, their facility types and the
 * kind of department that leads each category.
 */
export const CATEGORY_CODES = [
  'education',
  'community_service',
  'elderly_care',
  'commerce',
  'sports',
  'health',
] as const;
export type CategoryCode = (typeof CATEGORY_CODES)[number];

/** Department kinds (the same kinds exist at city and district level). */
export const DEPARTMENT_KINDS = [
  'natural_resources',
  'housing',
  'education',
  'civil_affairs',
  'commerce',
  'sports',
  'health',
  'development_reform',
  'finance',
  'state_assets',
] as const;
export type DepartmentKind = (typeof DEPARTMENT_KINDS)[number];

export const CATEGORIES: readonly {
  code: CategoryCode;
  name: string;
  leadDepartmentKind: DepartmentKind;
}[] = [
  { code: 'education', name: '社区教育设施', leadDepartmentKind: 'education' },
  {
    code: 'community_service',
    name: '社区管理服务设施（社区用房）',
    leadDepartmentKind: 'civil_affairs',
  },
  {
    code: 'elderly_care',
    name: '社区养老服务设施（含日间照料中心）',
    leadDepartmentKind: 'civil_affairs',
  },
  { code: 'commerce', name: '社区便民商业设施', leadDepartmentKind: 'commerce' },
  { code: 'sports', name: '社区体育场地（馆）及健身设施', leadDepartmentKind: 'sports' },
  { code: 'health', name: '社区医疗卫生服务设施', leadDepartmentKind: 'health' },
];

export const CATEGORY_NAMES: Record<CategoryCode, string> = Object.fromEntries(
  CATEGORIES.map((c) => [c.code, c.name]),
) as Record<CategoryCode, string>;

/** Department kinds with their names (city level prefix 淄博市, district level prefix the district). */
export const DEPARTMENT_KIND_NAMES: Record<DepartmentKind, string> = {
  natural_resources: '自然资源和规划局',
  housing: '住房和城乡建设局',
  education: '教育局',
  civil_affairs: '民政局',
  commerce: '商务局',
  sports: '体育局',
  health: '卫生健康委员会',
  development_reform: '发展和改革委员会',
  finance: '财政局',
  state_assets: '国有资产监督管理机构',
};

/** The categories a department kind leads (P1). */
export function categoriesLedBy(kind: DepartmentKind): CategoryCode[] {
  return CATEGORIES.filter((c) => c.leadDepartmentKind === kind).map((c) => c.code);
}

export const FACILITY_TYPE_CODES = [
  'kindergarten',
  'primary_school',
  'middle_school',
  'community_service_room',
  'elderly_day_care',
  'elderly_service_station',
  'convenience_market',
  'convenience_store',
  'sports_venue',
  'fitness_site',
  'health_centre',
  'health_station',
] as const;
export type FacilityTypeCode = (typeof FACILITY_TYPE_CODES)[number];

export const FACILITY_TYPES: readonly {
  code: FacilityTypeCode;
  category: CategoryCode;
  name: string;
}[] = [
  { code: 'kindergarten', category: 'education', name: '幼儿园' },
  { code: 'primary_school', category: 'education', name: '小学' },
  { code: 'middle_school', category: 'education', name: '中学' },
  { code: 'community_service_room', category: 'community_service', name: '社区综合服务用房' },
  { code: 'elderly_day_care', category: 'elderly_care', name: '老年人日间照料中心' },
  { code: 'elderly_service_station', category: 'elderly_care', name: '社区养老服务站' },
  { code: 'convenience_market', category: 'commerce', name: '便民市场' },
  { code: 'convenience_store', category: 'commerce', name: '便利店' },
  { code: 'sports_venue', category: 'sports', name: '社区体育场馆' },
  { code: 'fitness_site', category: 'sports', name: '健身场地' },
  { code: 'health_centre', category: 'health', name: '社区卫生服务中心' },
  { code: 'health_station', category: 'health', name: '社区卫生服务站' },
];

export const FACILITY_TYPE_NAMES: Record<FacilityTypeCode, string> = Object.fromEntries(
  FACILITY_TYPES.map((t) => [t.code, t.name]),
) as Record<FacilityTypeCode, string>;

export function categoryOfFacilityType(type: FacilityTypeCode): CategoryCode {
  const found = FACILITY_TYPES.find((t) => t.code === type);
  if (!found) throw new Error(`unknown facility type ${type}`);
  return found.category;
}
