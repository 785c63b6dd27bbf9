import { z } from 'zod';

const TYPE_NAMES: Record<string, string> = {
  string: '文本',
  number: '数字',
  int: '整数',
  boolean: '布尔值（是/否）',
  array: '列表',
  object: '对象',
  null: '空值',
  undefined: '空',
  date: '日期',
  bigint: '整数',
};

function typeName(t: string): string {
  return TYPE_NAMES[t] ?? t;
}

function received(input: unknown): string {
  if (input === null) return '空值';
  if (input === undefined) return '空';
  if (Array.isArray(input)) return '列表';
  return typeName(typeof input);
}

/**
 * Chinese messages for every validation issue, plain enough for a clerk: the API returns them in
 * `VALIDATION_FAILED` details and the web forms show them beside the field.
 */
export const zhErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return '必填项不能为空';
      return `类型错误：应为${typeName(issue.expected)}，收到的是${received(issue.input)}`;
    case 'invalid_value':
      return `取值无效，应为以下之一：${issue.values.map((v) => String(v)).join('、')}`;
    case 'too_big': {
      const max = String(issue.maximum);
      if (issue.origin === 'string') return `长度不能超过 ${max} 个字符`;
      if (issue.origin === 'array' || issue.origin === 'set') return `最多 ${max} 项`;
      return issue.inclusive ? `不能大于 ${max}` : `必须小于 ${max}`;
    }
    case 'too_small': {
      const min = String(issue.minimum);
      if (issue.origin === 'string') {
        return issue.minimum === 1 ? '不能为空' : `长度不能少于 ${min} 个字符`;
      }
      if (issue.origin === 'array' || issue.origin === 'set') return `至少 ${min} 项`;
      return issue.inclusive ? `不能小于 ${min}` : `必须大于 ${min}`;
    }
    case 'invalid_format':
      if (issue.format === 'regex') return '格式不正确';
      if (issue.format === 'date') return '日期格式应为 YYYY-MM-DD';
      if (issue.format === 'datetime') return '时间格式应为 ISO-8601';
      return `格式不正确（${issue.format}）`;
    case 'not_multiple_of':
      return `必须是 ${String(issue.divisor)} 的倍数`;
    case 'unrecognized_keys':
      return `不允许的字段：${issue.keys.join('、')}`;
    case 'invalid_union':
      return '取值不符合任何允许的格式';
    case 'invalid_key':
      return '字段名无效';
    case 'invalid_element':
      return '列表中有无效的项';
    case 'custom':
      return issue.message ?? '取值无效';
    default:
      return '取值无效';
  }
};

let configured = false;
/** Installs the Chinese messages as zod's global error map (idempotent). */
export function useChineseValidationMessages(): void {
  if (configured) return;
  z.config({ customError: zhErrorMap });
  configured = true;
}
