import type { FastifyInstance } from 'fastify';
import { validationFailed } from './errors.ts';

/**
 * The one text rule for every input (ADR 0014): NUL and the other C0/C1 control characters and
 * lone UTF-16 surrogates are refused. PostgreSQL cannot store NUL in text and JSON with a lone
 * surrogate cannot be hashed into the audit chain as the same bytes twice, so either would
 * otherwise surface as a 500 or be silently replaced with U+FFFD.
 *
 * Tab, line feed and carriage return are allowed where free text is (request bodies and workbook
 * cells: text areas); they are refused in single-line places (query, path, file names).
 */
const CONTROL_MULTILINE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
const CONTROL_SINGLE_LINE = /[\u0000-\u001F\u007F-\u009F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const TEXT_RULE_MESSAGES = {
  control: '不能包含控制字符',
  surrogate: '包含无效的字符编码（孤立的代理字符）',
} as const;

/** Why `text` breaks the rule, in Chinese, or `null` when it is fine. */
export function textProblem(text: string, options: { multiline?: boolean } = {}): string | null {
  const control = options.multiline === false ? CONTROL_SINGLE_LINE : CONTROL_MULTILINE;
  if (control.test(text)) return TEXT_RULE_MESSAGES.control;
  if (LONE_SURROGATE.test(text)) return TEXT_RULE_MESSAGES.surrogate;
  return null;
}

type Finding = { path: string; message: string };

const MAX_FINDINGS = 20;

/** Walks parsed JSON (strings and object keys) and lists the paths that break the rule. */
export function findBadText(
  value: unknown,
  prefix: string,
  multiline: boolean,
  out: Finding[] = [],
): Finding[] {
  if (out.length >= MAX_FINDINGS) return out;
  if (typeof value === 'string') {
    const problem = textProblem(value, { multiline });
    if (problem) out.push({ path: prefix, message: problem });
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => findBadText(v, join(prefix, String(i)), multiline, out));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      const keyProblem = textProblem(key, { multiline: false });
      if (keyProblem) {
        out.push({ path: prefix, message: `字段名${keyProblem}` });
        continue;
      }
      findBadText(v, join(prefix, key), multiline, out);
    }
  }
  return out;
}

function join(prefix: string, key: string): string {
  return prefix === '' ? key : `${prefix}.${key}`;
}

/**
 * Installs the rule before validation on every route: the body (after JSON parsing), the query
 * and the path parameters. Paths follow the validation details' form (`name`, `query.q`,
 * `params.id`). Multipart file names are checked where a file is received (`checkFileName`).
 */
export function installTextRule(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const findings: Finding[] = [];
    findBadText(request.params, 'params', false, findings);
    findBadText(request.query, 'query', false, findings);
    findBadText(request.body, '', true, findings);
    if (findings.length > 0) {
      throw validationFailed(findings, '提交的内容包含不允许的字符');
    }
  });
}

/** File names of uploads: single-line text, so no line breaks either. */
export function checkFileName(name: string, path = 'file'): void {
  const problem = textProblem(name, { multiline: false });
  if (problem) throw validationFailed([{ path, message: `文件名${problem}` }], `文件名${problem}`);
}
