import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type Client, type TestApp } from './harness.ts';

/**
 * Role × route matrix over the demo accounts (API.md, Demo accounts; DESIGN, Who uses it),
 * written out by hand so that a change to the role table shows up here as a failing cell.
 */
type Probe = {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH';
  url: string;
  body?: unknown;
  allowed: string[];
};

const EVERYONE_BUT_AUDITOR = [
  'admin',
  'security',
  'office',
  'nr',
  'housing',
  'edu',
  'civil',
  'commerce',
  'sports',
  'health',
  'zhangdian',
  'zichuan',
  'chezhan',
  'leader',
  'developer1',
];

const ACCOUNTS = ['auditor', ...EVERYONE_BUT_AUDITOR];
const ACCOUNTS_ALL = ACCOUNTS;

const LEDGER_READERS = [
  'office',
  'nr',
  'housing',
  'edu',
  'civil',
  'commerce',
  'sports',
  'health',
  'zhangdian',
  'zichuan',
  'chezhan',
  'leader',
];
const SURVEY_READERS = [
  'office',
  'nr',
  'housing',
  'edu',
  'civil',
  'commerce',
  'sports',
  'health',
  'zhangdian',
  'zichuan',
  'chezhan',
  'leader',
];
const DEPARTMENTS = ['nr', 'housing', 'edu', 'civil', 'commerce', 'sports', 'health'];

const ALL_BUSINESS = [
  'office',
  'nr',
  'housing',
  'edu',
  'civil',
  'commerce',
  'sports',
  'health',
  'zhangdian',
  'zichuan',
  'chezhan',
  'leader',
];

const PROBLEM_READERS = [
  'office',
  'nr',
  'housing',
  'edu',
  'civil',
  'commerce',
  'sports',
  'health',
  'zhangdian',
  'zichuan',
  'chezhan',
  'leader',
];
const OWNERS = ['zhangdian', 'zichuan', 'chezhan'];

// P7–P10: a developer reads only its own projects (the query), a street none; every department
// may act, and the policy narrows it to natural resources or the required department.
const PROJECT_READERS = ['office', ...DEPARTMENTS, 'zhangdian', 'zichuan', 'leader', 'developer1'];
const PROJECT_SUBMITTERS = [...DEPARTMENTS, 'developer1'];

const PROBES: Probe[] = [
  { method: 'GET', url: '/api/problems', allowed: PROBLEM_READERS },
  {
    method: 'POST',
    url: '/api/problems',
    body: {},
    allowed: ['office', ...DEPARTMENTS, ...OWNERS],
  },
  { method: 'POST', url: '/api/problems/999999/plan', body: {}, allowed: OWNERS },
  {
    method: 'POST',
    url: '/api/problems/999999/plan/approve',
    body: {},
    allowed: ['office', ...DEPARTMENTS],
  },
  { method: 'POST', url: '/api/problems/999999/closure-request', body: {}, allowed: OWNERS },
  { method: 'POST', url: '/api/problems/999999/closure-decision', body: {}, allowed: DEPARTMENTS },
  { method: 'POST', url: '/api/problems/999999/key', body: {}, allowed: ['office'] },
  { method: 'POST', url: '/api/problems/999999/instructions', body: {}, allowed: ['leader'] },
  {
    method: 'POST',
    url: '/api/gap-analysis/problems',
    body: {},
    allowed: ['office', ...DEPARTMENTS, ...OWNERS],
  },
  {
    method: 'GET',
    url: '/api/tasks',
    allowed: ['office', ...DEPARTMENTS, 'zhangdian', 'zichuan', 'leader'],
  },
  { method: 'POST', url: '/api/tasks', body: {}, allowed: ['office'] },
  {
    method: 'POST',
    url: '/api/tasks/999999/reports',
    body: {},
    allowed: ['office', ...DEPARTMENTS],
  },
  { method: 'PUT', url: '/api/leading-group', body: {}, allowed: ['office'] },
  {
    method: 'POST',
    url: '/api/attachments',
    body: {},
    allowed: ['office', ...DEPARTMENTS, ...OWNERS, 'developer1'],
  },
  { method: 'GET', url: '/api/notifications', allowed: ACCOUNTS_ALL },
  { method: 'GET', url: '/api/standards', allowed: [...ALL_BUSINESS, 'developer1'] },
  { method: 'PUT', url: '/api/standards/rules/ELD-001', body: {}, allowed: DEPARTMENTS },
  { method: 'POST', url: '/api/standards/rules', body: {}, allowed: DEPARTMENTS },
  { method: 'GET', url: '/api/gap-analysis', allowed: ALL_BUSINESS },
  { method: 'GET', url: '/api/gap-analysis/summary', allowed: ALL_BUSINESS },
  { method: 'GET', url: '/api/settings', allowed: ['admin'] },
  { method: 'PUT', url: '/api/settings', body: {}, allowed: ['admin'] },
  { method: 'GET', url: '/api/residential-areas', allowed: LEDGER_READERS },
  {
    method: 'POST',
    url: '/api/residential-areas',
    body: {},
    allowed: ['zhangdian', 'zichuan', 'chezhan'],
  },
  {
    method: 'PATCH',
    url: '/api/residential-areas/999999',
    body: {},
    allowed: ['zhangdian', 'zichuan', 'chezhan'],
  },
  { method: 'GET', url: '/api/facilities', allowed: LEDGER_READERS },
  {
    method: 'POST',
    url: '/api/facilities',
    body: {},
    allowed: ['zhangdian', 'zichuan', 'chezhan'],
  },
  { method: 'GET', url: '/api/surveys', allowed: SURVEY_READERS },
  { method: 'POST', url: '/api/surveys', body: {}, allowed: ['office'] },
  {
    method: 'POST',
    url: '/api/surveys/999999/submissions/370303/submit',
    allowed: ['zhangdian', 'zichuan'],
  },
  { method: 'POST', url: '/api/surveys/999999/submissions/370303/file', allowed: DEPARTMENTS },
  {
    method: 'POST',
    url: '/api/surveys/999999/submissions/370303/return',
    body: {},
    allowed: DEPARTMENTS,
  },
  { method: 'GET', url: '/api/users', allowed: ['admin', 'security'] },
  { method: 'GET', url: '/api/users/1', allowed: ['admin', 'security'] },
  { method: 'POST', url: '/api/users', body: { username: 'x' }, allowed: ['admin'] },
  { method: 'PATCH', url: '/api/users/999999', body: { displayName: 'x' }, allowed: ['admin'] },
  { method: 'POST', url: '/api/users/999999/reset-password', body: {}, allowed: ['admin'] },
  { method: 'PUT', url: '/api/users/999999/grants', body: {}, allowed: ['security'] },
  { method: 'GET', url: '/api/audit', allowed: ['auditor'] },
  { method: 'GET', url: '/api/audit/verify', allowed: ['auditor'] },
  { method: 'PUT', url: '/api/zones/high_tech', body: {}, allowed: ['admin'] },
  { method: 'GET', url: '/api/regions?parent=3703', allowed: EVERYONE_BUT_AUDITOR },
  { method: 'GET', url: '/api/regions/370303', allowed: EVERYONE_BUT_AUDITOR },
  { method: 'GET', url: '/api/regions/outlines', allowed: EVERYONE_BUT_AUDITOR },
  { method: 'GET', url: '/api/zones', allowed: EVERYONE_BUT_AUDITOR },
  { method: 'GET', url: '/api/departments', allowed: EVERYONE_BUT_AUDITOR },
  { method: 'GET', url: '/api/projects', allowed: PROJECT_READERS },
  { method: 'POST', url: '/api/projects', body: {}, allowed: PROJECT_SUBMITTERS },
  { method: 'GET', url: '/api/projects/map', allowed: PROJECT_READERS },
  { method: 'GET', url: '/api/projects/stats', allowed: PROJECT_READERS },
  { method: 'GET', url: '/api/projects/awaiting-me', allowed: PROJECT_READERS },
  { method: 'GET', url: '/api/projects/developer-accounts', allowed: ['nr'] },
  { method: 'GET', url: '/api/projects/999999', allowed: PROJECT_READERS },
  { method: 'PATCH', url: '/api/projects/999999', body: {}, allowed: PROJECT_SUBMITTERS },
  {
    method: 'PUT',
    url: '/api/projects/999999/required-facilities',
    body: {},
    allowed: DEPARTMENTS,
  },
  {
    method: 'POST',
    url: '/api/projects/999999/gates/planning_review/submit',
    body: {},
    allowed: PROJECT_SUBMITTERS,
  },
  {
    method: 'POST',
    url: '/api/projects/999999/gates/planning_review/opinions',
    body: {},
    allowed: DEPARTMENTS,
  },
  {
    method: 'POST',
    url: '/api/projects/999999/conditions/1/answer',
    body: {},
    allowed: PROJECT_SUBMITTERS,
  },
  {
    method: 'POST',
    url: '/api/projects/999999/conditions/1/decision',
    body: {},
    allowed: DEPARTMENTS,
  },
  { method: 'POST', url: '/api/projects/999999/inspections', body: {}, allowed: DEPARTMENTS },
  // P13 residents: staff read feedback (phones masked); owners and departments triage; only the
  // district and street reveal a phone; the lead department reviews a 不满意.
  { method: 'GET', url: '/api/feedback', allowed: ALL_BUSINESS },
  {
    method: 'POST',
    url: '/api/feedback/999999/triage',
    body: {},
    allowed: [...DEPARTMENTS, ...OWNERS],
  },
  { method: 'POST', url: '/api/feedback/999999/reveal-contact', body: {}, allowed: OWNERS },
  { method: 'POST', url: '/api/feedback/999999/review', body: {}, allowed: DEPARTMENTS },
];

let t: TestApp;
const clients = new Map<string, Client>();
beforeAll(async () => {
  t = await startTestApp();
  for (const a of ACCOUNTS) clients.set(a, await t.login(a));
});
afterAll(async () => {
  await t.close();
});

describe('role × route permission matrix', () => {
  for (const probe of PROBES) {
    it(`${probe.method} ${probe.url} is open to ${probe.allowed.length} of ${ACCOUNTS.length} demo accounts`, async () => {
      const outcome: Record<string, 'allowed' | 'forbidden'> = {};
      for (const a of ACCOUNTS) {
        const res = await clients.get(a)!.request(probe.method, probe.url, probe.body);
        expect(res.statusCode, `${a}: ${res.body}`).not.toBe(401);
        outcome[a] = res.statusCode === 403 ? 'forbidden' : 'allowed';
      }
      const expected = Object.fromEntries(
        ACCOUNTS.map((a) => [a, probe.allowed.includes(a) ? 'allowed' : 'forbidden']),
      );
      expect(outcome).toEqual(expected);
    });
  }

  it('answers 401 to every non-public route without a session', async () => {
    const anon = t.anonymous();
    for (const probe of PROBES) {
      const res = await anon.request(probe.method, probe.url, probe.body);
      expect(res.statusCode, `${probe.method} ${probe.url}`).toBe(401);
      expect(res.json<{ error: { code: string } }>().error.code).toBe('UNAUTHENTICATED');
    }
  });
});
