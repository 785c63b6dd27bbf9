import type { FacilityInput, ProjectDetail, ResidentialAreaInput } from '@zibo/shared';
import type { Client } from './harness.ts';

let counter = 0;

/** Test factories: build the records a test needs through the real API. */
export async function buildArea(client: Client, over: Partial<ResidentialAreaInput> = {}) {
  counter++;
  const res = await client.post('/api/residential-areas', {
    name: `测试小区${counter}`,
    regionCode: '370303001001',
    households: 1000,
    kind: 'existing',
    lon: 118.05,
    lat: 36.81,
    ...over,
  });
  if (res.statusCode !== 201) throw new Error(`buildArea: ${res.statusCode} ${res.body}`);
  return res.json<{ id: number; version: number; regionCode: string }>();
}

export const builtInUse = {
  planning: { status: 'planned', note: null },
  construction: { status: 'built', note: null },
  handover: { status: 'handed_over', note: null },
  use: { status: 'in_use', note: null },
} as const;

export async function buildFacility(
  client: Client,
  areaIds: number[],
  over: Partial<FacilityInput> = {},
) {
  counter++;
  const res = await client.post('/api/facilities', {
    type: 'elderly_service_station',
    name: `测试设施${counter}`,
    residentialAreaIds: areaIds,
    floorArea: 200,
    ownership: 'government',
    stages: builtInUse,
    ...over,
  });
  if (res.statusCode !== 201) throw new Error(`buildFacility: ${res.statusCode} ${res.body}`);
  return res.json<{ id: number; version: number; category: string }>();
}

/** A new residential project (P7) registered through the API, by a developer or the planning bureau. */
export async function buildProject(client: Client, over: Record<string, unknown> = {}) {
  counter++;
  const res = await client.post('/api/projects', {
    name: `测试项目${counter}`,
    developerName: '演示置业有限公司',
    regionCode: '370303001001',
    households: 1200,
    landArea: 36000,
    floorArea: 132000,
    lon: 118.05,
    lat: 36.81,
    ...over,
  });
  if (res.statusCode !== 201) throw new Error(`buildProject: ${res.statusCode} ${res.body}`);
  return res.json<ProjectDetail>();
}
