import { inject } from 'vitest';
import { DEMO_PASSWORD } from './browser.ts';

export type ApiSession = {
  get: <T>(path: string) => Promise<T>;
  post: <T>(path: string, body?: unknown) => Promise<T>;
  patch: <T>(path: string, body: unknown) => Promise<T>;
  put: <T>(path: string, body: unknown) => Promise<T>;
  del: (path: string) => Promise<void>;
};

/**
 * Signs in over HTTP for test setup (what a journey does not need to show in the browser):
 * the session cookie and CSRF token go with every request. Fails loudly on any non-2xx.
 */
export async function signInApi(username: string, password = DEMO_PASSWORD): Promise<ApiSession> {
  const base = inject('baseUrl');
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!login.ok) throw new Error(`sign-in of ${username} failed: ${login.status}`);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken } = (await login.json()) as { csrfToken: string };

  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${base}/api${path}`, {
      method,
      headers: {
        Cookie: cookie,
        'X-CSRF-Token': csrfToken,
        ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return {
    get: (path) => call('GET', path),
    post: (path, body = {}) => call('POST', path, body),
    patch: (path, body) => call('PATCH', path, body),
    put: (path, body) => call('PUT', path, body),
    del: (path) => call('DELETE', path),
  };
}

type Region = { code: string; name: string; childCount: number };

/** The first community (12-digit code) of a district, walking the real region tree. */
export async function findFirstCommunity(
  session: ApiSession,
  districtCode: string,
): Promise<Region & { streetName: string }> {
  const streets = await session.get<Region[]>(`/regions?parent=${districtCode}`);
  for (const street of streets) {
    const communities = await session.get<Region[]>(`/regions?parent=${street.code}`);
    const first = communities[0];
    if (first) return { ...first, streetName: street.name };
  }
  throw new Error(`no community in ${districtCode}`);
}

/** The label point of a district outline (WGS-84), inside the district. */
export async function findDistrictCentre(
  session: ApiSession,
  districtCode: string,
): Promise<{ lon: number; lat: number }> {
  const outlines = await session.get<{
    features: { properties: { code: string; center: [number, number] } }[];
  }>('/regions/outlines');
  const feature = outlines.features.find((f) => f.properties.code === districtCode);
  if (!feature) throw new Error(`no outline for ${districtCode}`);
  const [lon, lat] = feature.properties.center;
  return { lon, lat };
}
