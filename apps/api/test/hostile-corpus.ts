import type { RoutePermission } from '@zibo/shared';

/**
 * Hostile requests generated from the OpenAPI document (issue 11): for each write endpoint that
 * takes JSON, a plausible body built from its schema, then that body with one field at a time
 * replaced by a hostile value (a seeded sample of the applicable ones, not the full product),
 * plus whole-body and path variants. Shared by the test and the benchmark.
 */
export type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  default?: unknown;
};

type Operation = {
  parameters?: { name: string; in: string; required?: boolean; schema?: JsonSchema }[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
};

export type OpenApiDocument = { paths: Record<string, Record<string, Operation>> };

export type HostileRequest = {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The OpenAPI path, e.g. `/api/projects/{id}`. */
  route: string;
  url: string;
  body: unknown;
  variant: string;
  permission: RoutePermission;
};

const WRITE = ['post', 'put', 'patch', 'delete'] as const;

/** Endpoints that end the caller's session: they would sign the test out, not find a bug. */
const SKIP = new Set(['POST /api/auth/logout']);

const MILLION = 'a'.repeat(1_000_000);
const TEN_K = '长'.repeat(10_000);

/** Hostile values for one field, by what the field is. */
function hostileValues(name: string, schema: JsonSchema): [string, unknown][] {
  const kind = typeOf(schema);
  const values: [string, unknown][] = [
    ['NUL', 'a\u0000b'],
    ['lone surrogate', 'a\ud800b'],
    ['RTL and emoji', '\u202e测试😀👨‍👩‍👧\u200f'],
    ['SQL and HTML', `'; drop table users; -- <script>alert(1)</script>" OR 1=1`],
    ['10k characters', TEN_K],
    ['null', null],
    ['object', { $gt: '' }],
    ['array', ['x']],
  ];
  if (kind === 'string') {
    values.push(['number for text', 12345], ['boolean for text', true]);
    if (schema.format === 'date' || /date|deadline/i.test(name)) {
      values.push(['impossible date', '2023-02-30'], ['year 0', '0000-00-00']);
    }
  }
  if (kind === 'number' || kind === 'integer') {
    values.push(
      ['1e308', 1e308],
      ['negative', -1],
      ['999999999', 999_999_999],
      ['fraction', 1.5],
      ['numeric text', '12'],
    );
    if (/^(lon|lng)/i.test(name)) values.push(['impossible longitude', 999]);
    if (/^lat/i.test(name)) values.push(['impossible latitude', -91]);
    if (/id$|Id$|ids$/i.test(name)) values.push(['id of wrong shape', 'abc']);
  }
  if (kind === 'boolean') values.push(['text for boolean', 'true']);
  if (kind === 'array') values.push(['huge array', Array.from({ length: 5000 }, () => 1)]);
  return values;
}

function typeOf(schema: JsonSchema): string {
  const s = unwrap(schema);
  if (Array.isArray(s.type)) return s.type.find((x) => x !== 'null') ?? 'string';
  if (s.type) return s.type;
  if (s.enum) return typeof s.enum[0];
  if (s.properties) return 'object';
  return 'string';
}

function unwrap(schema: JsonSchema): JsonSchema {
  const options = schema.anyOf ?? schema.oneOf;
  if (options) {
    const first = options.find((o) => o.type !== 'null') ?? options[0];
    return first ? unwrap(first) : schema;
  }
  if (schema.allOf?.[0]) return unwrap(schema.allOf[0]);
  return schema;
}

/** A plausible value for a schema: what a careful client would send. */
export function sample(schema: JsonSchema, name = ''): unknown {
  const s = unwrap(schema);
  if (s.const !== undefined) return s.const;
  if (s.enum && s.enum.length > 0) return s.enum[0];
  if (s.default !== undefined) return s.default;
  switch (typeOf(s)) {
    case 'string': {
      if (s.format === 'date') return '2026-06-30';
      if (s.format === 'date-time') return '2026-06-30T08:00:00.000Z';
      if (s.pattern?.includes('3703')) return '370303001001';
      if (/password/i.test(name)) return 'Start#2026a';
      if (/regionCode/.test(name)) return '370303001001';
      const base = '测试内容';
      return base
        .padEnd(Math.max(s.minLength ?? 0, base.length), '测')
        .slice(0, s.maxLength ?? 1000);
    }
    case 'integer':
    case 'number': {
      const min = typeof s.minimum === 'number' ? s.minimum : 1;
      const max = typeof s.maximum === 'number' ? s.maximum : Number.MAX_SAFE_INTEGER;
      if (/^lon/i.test(name)) return 118.05;
      if (/^lat/i.test(name)) return 36.81;
      return Math.min(Math.max(1, min), max);
    }
    case 'boolean':
      return false;
    case 'array':
      return s.minItems && s.items
        ? Array.from({ length: s.minItems }, () => sample(s.items!, name))
        : [];
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const key of s.required ?? []) {
        const prop = s.properties?.[key];
        if (prop) out[key] = sample(prop, key);
      }
      return out;
    }
    default:
      return null;
  }
}

/** A small deterministic generator, so a failure reproduces. */
function seeded(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
}

export function hostileCorpus(
  doc: OpenApiDocument,
  opts: {
    userId: number;
    permissionOf: (method: string, url: string) => RoutePermission;
    perField?: number;
    seed?: number;
  },
): HostileRequest[] {
  const random = seeded(opts.seed ?? 11);
  const perField = opts.perField ?? 3;
  const out: HostileRequest[] = [];
  for (const [route, operations] of Object.entries(doc.paths).sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    for (const verb of WRITE) {
      const op = operations[verb];
      if (!op) continue;
      const method = verb.toUpperCase() as HostileRequest['method'];
      if (SKIP.has(`${method} ${route}`)) continue;
      const content = op.requestBody?.content;
      if (content && !content['application/json']) continue; // multipart uploads
      const fastifyUrl = route.replace(/\{(\w+)\}/g, ':$1');
      const permission = opts.permissionOf(method, fastifyUrl);
      const pathParams = (op.parameters ?? []).filter((p) => p.in === 'path');
      const urlWith = (override?: string) =>
        route.replace(/\{(\w+)\}/g, (_, name: string) => {
          if (override !== undefined && name === 'id') return encodeURIComponent(override);
          if (name === 'id' && route.startsWith('/api/users/')) return String(opts.userId);
          const schema = pathParams.find((p) => p.name === name)?.schema;
          return encodeURIComponent(String(schema ? sample(schema, name) : 1));
        });
      const query = (op.parameters ?? [])
        .filter((p) => p.in === 'query' && p.required && p.schema)
        .map((p) => `${p.name}=${encodeURIComponent(String(sample(p.schema!, p.name)))}`)
        .join('&');
      const url = (override?: string) => `${urlWith(override)}${query ? `?${query}` : ''}`;
      const schema = content?.['application/json']?.schema;
      const base = schema ? sample(schema) : undefined;
      const push = (variant: string, body: unknown, at = url()) =>
        out.push({ method, route, url: at, body, variant, permission });

      push('plausible', base ?? {});
      if (route.includes('{id}')) {
        for (const bad of ['abc', '-1', '999999999', '1e308', '1.5'])
          push(`id ${bad}`, base ?? {}, url(bad));
      }
      if (!schema) continue;
      push('wrong type: array body', [base]);
      push('wrong type: string body', 'x');
      push('unknown field', { ...(base as object), unexpectedField: 1 });
      push('1M characters', { ...(base as object), [firstStringField(schema) ?? 'x']: MILLION });
      const props = unwrap(schema).properties ?? {};
      for (const [name, prop] of Object.entries(props)) {
        if ((unwrap(schema).required ?? []).includes(name)) {
          const without = { ...(base as Record<string, unknown>) };
          delete without[name];
          push(`missing ${name}`, without);
        }
        const values = hostileValues(name, prop);
        for (let i = 0; i < perField && values.length > 0; i++) {
          const [label, value] = values.splice(Math.floor(random() * values.length), 1)[0]!;
          push(`${name}: ${label}`, { ...(base as object), [name]: value });
        }
      }
    }
  }
  return out;
}

function firstStringField(schema: JsonSchema): string | null {
  const props = unwrap(schema).properties ?? {};
  return Object.keys(props).find((k) => typeOf(props[k]!) === 'string') ?? null;
}
