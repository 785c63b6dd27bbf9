/**
 * Normalisers for spreadsheet cells as clerks really fill them in. Each takes a raw cell value and
 * returns either a clean value or a Chinese message (without the column name: the caller knows
 * the column and prefixes it, e.g. `户数` + `应为整数`).
 */

import { TEXT_RULE_MESSAGES, textProblem } from '../http/text-rule.ts';

/** An Excel error value such as `#N/A` or `#REF!`. */
export interface CellError {
  error: string;
}

/** A cell reduced to a primitive; `null` for an empty cell. */
export type CellValue = string | number | boolean | Date | CellError | null;

export type CellResult<T> = { ok: true; value: T } | { ok: false; message: string };

const OK_NULL: CellResult<null> = Object.freeze({ ok: true, value: null });
const ok = <T>(value: T): CellResult<T> =>
  value === null ? (OK_NULL as CellResult<T>) : { ok: true, value };
const fail = <T>(message: string): CellResult<T> => ({ ok: false, message });

export function isCellError(value: unknown): value is CellError {
  return (
    typeof value === 'object' && value !== null && !(value instanceof Date) && 'error' in value
  );
}

/** Values clerks write for "nothing here" in numeric, date and choice columns. */
const PLACEHOLDERS = new Set(['/', '-', '--', '—', '——', '－', '无', '暂无', '空', 'n/a', 'na']);

const FULL_WIDTH = /[\uFF01-\uFF5E\u3000\u00A0\u2002-\u200B\u202F\u205F\uFEFF]/;
const FULL_WIDTH_ALNUM =
  /[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\u3000\u00A0\u2002-\u200B\u202F\u205F\uFEFF]/;

/**
 * Full-width ASCII (digits, letters, punctuation such as ，．（）) to half-width, and the
 * ideographic and other unusual spaces to a plain space. With `keepPunctuation`, only digits,
 * letters and spaces change: Chinese prose keeps its ，（） so names survive a round trip unchanged.
 */
export function toHalfWidth(text: string, keepPunctuation = false): string {
  if (!(keepPunctuation ? FULL_WIDTH_ALNUM : FULL_WIDTH).test(text)) return text;
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code === 0xfeff || code === 0x200b) continue;
    if (code === 0x3000 || code === 0xa0 || (code >= 0x2002 && code <= 0x200a)) out += ' ';
    else if (code === 0x202f || code === 0x205f) out += ' ';
    else if (code >= 0xff01 && code <= 0xff5e && (!keepPunctuation || isAlnumFullWidth(code)))
      out += String.fromCharCode(code - 0xfee0);
    else out += ch;
  }
  return out;
}

function isAlnumFullWidth(code: number): boolean {
  return (
    (code >= 0xff10 && code <= 0xff19) ||
    (code >= 0xff21 && code <= 0xff3a) ||
    (code >= 0xff41 && code <= 0xff5a)
  );
}

const DANGEROUS_START = /^'*[=+\-@\t\r]/;

/**
 * Security (DESIGN, exports): a string that a spreadsheet could take for a formula gets a leading
 * apostrophe, so it is shown and kept as text (also after a save as CSV). Strings already starting
 * with apostrophes before such a character get one more, so `restoreNeutralised` is its exact inverse.
 */
export function neutraliseFormula(text: string): string {
  return DANGEROUS_START.test(text) ? `'${text}` : text;
}

/** Inverse of `neutraliseFormula`, applied to imported text. */
export function restoreNeutralised(text: string): string {
  return text.startsWith("'") && DANGEROUS_START.test(text.slice(1)) ? text.slice(1) : text;
}

const SPACE = /[\s\u3000\u00A0\u2002-\u200B\u202F\u205F\uFEFF]/;

/** True for an empty cell: null, or a string of spaces (full-width included). */
export function isBlankCell(value: CellValue | undefined): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value !== 'string') return false;
  // Most cells start with a visible character: decide on it without copying the string.
  for (const ch of value) if (!SPACE.test(ch)) return false;
  return true;
}

/** The cell as trimmed half-width text, for matching (codes, choices, numbers, dates). */
export function cellKeyText(value: CellValue): string {
  if (value === null) return '';
  if (typeof value === 'string') return toHalfWidth(value).trim();
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (value instanceof Date) return formatIsoDate(value);
  return value.error;
}

function formatNumber(n: number): string {
  // Excel stores 0.1+0.2-like noise; 15 significant digits is what Excel itself shows.
  return Number.isInteger(n) ? String(n) : String(Number(n.toPrecision(15)));
}

function quote(value: CellValue): string {
  const text = cellKeyText(value);
  return `“${text.length > 30 ? `${text.slice(0, 30)}…` : text}”`;
}

function errorCellMessage(value: CellError): string {
  return `为错误值 ${value.error}，请填写实际内容`;
}

export interface TextOptions {
  max?: number;
  required?: boolean;
  /** Keep full-width punctuation (Chinese prose such as names and notes). */
  keepPunctuation?: boolean;
  /** Keep line breaks (notes); otherwise every run of white space becomes one space. */
  multiline?: boolean;
}

const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** Anything `normaliseText` might change or refuse; text without it is returned as it is. */
const UNTIDY = /[\s\u0000-\u001F\u007F\uFF01-\uFF5E\u3000\u00A0\u2002-\u200B\u202F\u205F\uFEFF]|^'/;

/** Text: trimmed, full-width to half-width, white space tidied; `null` when blank. */
export function normaliseText(
  value: CellValue,
  options: TextOptions = {},
): CellResult<string | null> {
  if (typeof value === 'string' && value !== '' && !UNTIDY.test(value)) {
    const problem = textProblem(value);
    if (problem) return fail(problem);
    if (options.max !== undefined && value.length > options.max) {
      return fail(`不能超过 ${options.max} 个字（现为 ${value.length} 个字）`);
    }
    return ok(value);
  }
  if (value === null) return options.required ? fail('必须填写') : OK_NULL;
  if (isCellError(value)) return fail(errorCellMessage(value));
  let text =
    typeof value === 'string'
      ? toHalfWidth(value, options.keepPunctuation)
      : value === null
        ? ''
        : cellKeyText(value);
  text = options.multiline
    ? text
        .replace(/\r\n?/g, '\n')
        .split('\n')
        .map((line) => line.replace(/[ \t]+/g, ' ').trim())
        .join('\n')
        .trim()
    : text.replace(/\s+/g, ' ').trim();
  text = restoreNeutralised(text);
  if (text === '') return options.required ? fail('必须填写') : ok(null);
  const problem = CONTROL.test(text) ? TEXT_RULE_MESSAGES.control : textProblem(text);
  if (problem) return fail(problem);
  if (options.max !== undefined && text.length > options.max) {
    return fail(`不能超过 ${options.max} 个字（现为 ${text.length} 个字）`);
  }
  return ok(text);
}

export interface NumberOptions {
  required?: boolean;
  /** Unit suffixes accepted after the number, e.g. `['平方米', '㎡', 'm2']`. */
  units?: readonly string[];
  min?: number;
  max?: number;
  integer?: boolean;
}

/** Area units accepted by `AREA_UNITS`-based columns: all mean square metres. */
export const AREA_UNITS = ['平方米', '平米', '平方', '㎡', 'm²', 'm2', '米2', 'sqm'] as const;

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const GROUPED = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;
const APPROXIMATE = /^(约|大约|近|约合|~|≈)|(左右|以上|以下|多|余)$/;

/**
 * Numbers: Excel numbers, or text such as `1,234`, `１２３４`, `350平方米`, `350㎡`, `350 m2`,
 * `1.2万`. Approximate values (`约350`, `350左右`) are refused: P3 asks for an accurate ledger.
 */
export function normaliseNumber(
  value: CellValue,
  options: NumberOptions = {},
): CellResult<number | null> {
  return readNumber(value, options, options.integer === true);
}

function readNumber(
  value: CellValue,
  options: NumberOptions,
  integer: boolean,
): CellResult<number | null> {
  if (isCellError(value)) return fail(errorCellMessage(value));
  let n: number;
  if (value === null) {
    return options.required ? fail('必须填写') : ok(null);
  } else if (typeof value === 'number') {
    n = value;
  } else if (typeof value === 'string') {
    let text = toHalfWidth(value).replace(/\s+/g, '').toLowerCase();
    if (text === '' || PLACEHOLDERS.has(text)) {
      return options.required ? fail('必须填写') : ok(null);
    }
    const written = quote(value);
    for (const unit of options.units ?? []) {
      const suffix = toHalfWidth(unit).toLowerCase();
      if (text.endsWith(suffix)) {
        text = text.slice(0, -suffix.length);
        break;
      }
    }
    if (APPROXIMATE.test(text)) return fail(`应填写确切数值，不能填写约数${written}`);
    let factor = 1;
    if (text.endsWith('万')) {
      factor = 10_000;
      text = text.slice(0, -1);
    }
    if (GROUPED.test(text)) text = text.replace(/,/g, '');
    if (!NUMBER.test(text)) {
      const unitHint = options.units?.length ? `（可带单位“${options.units[0]}”）` : '';
      return fail(`应为${integer ? '整数' : '数字'}${unitHint}，实际为${written}`);
    }
    n = Number(text) * factor;
    if (factor !== 1) n = Number(n.toPrecision(15));
  } else {
    return fail(`应为数字，实际为${quote(value)}`);
  }
  if (!Number.isFinite(n)) return fail(`应为数字，实际为${quote(value)}`);
  if (integer && !Number.isInteger(n)) return fail(`应为整数，实际为${quote(value)}`);
  if (options.min !== undefined && n < options.min) return fail(`不能小于 ${options.min}`);
  if (options.max !== undefined && n > options.max) return fail(`不能大于 ${options.max}`);
  return ok(n);
}

/** Whole numbers; text may carry units such as `户` or `人`. */
export function normaliseInteger(
  value: CellValue,
  options: Omit<NumberOptions, 'integer'> = {},
): CellResult<number | null> {
  return readNumber(value, options, true);
}

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;
/** Serial of 2100-12-31: beyond it a number is not a plausible ledger date. */
const MAX_SERIAL = 73_415;

/** Excel serial day number (1900 date system) → `YYYY-MM-DD`; `null` when out of range. */
export function serialToIsoDate(serial: number): string | null {
  if (!Number.isFinite(serial) || serial < 1 || serial >= MAX_SERIAL + 1) return null;
  // Excel counts a 1900-02-29 that never was (serial 60); serials before it are one day off.
  const days = Math.floor(serial) < 60 ? Math.floor(serial) + 1 : Math.floor(serial);
  return formatIsoDate(new Date(EXCEL_EPOCH_MS + days * DAY_MS));
}

function formatIsoDate(date: Date): string {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + 1;
  const d = date.getUTCDate();
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

function isoIfValid(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) {
    return null;
  }
  return formatIsoDate(date);
}

const DATE_TEXT =
  /^(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*日?(?:[\sT]+\d{1,2}[:：]\d{2}(?:[:：]\d{2}(?:\.\d+)?)?)?$/;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;
const DATE_HINT = '应为日期，如 2020-04-10、2020年4月10日、2020.4.10';

/**
 * Dates → `YYYY-MM-DD`: Excel serials and date cells, `2020年4月10日`, `2020.4.10`,
 * `2020/4/10`, `2020-04-10`, `20200410`, with an optional time that is dropped.
 */
export function normaliseDate(
  value: CellValue,
  options: { required?: boolean } = {},
): CellResult<string | null> {
  if (isCellError(value)) return fail(errorCellMessage(value));
  if (value === null) return options.required ? fail('必须填写') : ok(null);
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? fail(DATE_HINT) : ok(formatIsoDate(value));
  }
  if (typeof value === 'number') {
    const iso = serialToIsoDate(value);
    return iso ? ok(iso) : fail(`${DATE_HINT}，实际为${quote(value)}`);
  }
  if (typeof value === 'boolean') return fail(`${DATE_HINT}，实际为${quote(value)}`);
  const text = toHalfWidth(value).trim();
  if (text === '' || PLACEHOLDERS.has(text.toLowerCase())) {
    return options.required ? fail('必须填写') : ok(null);
  }
  const match = DATE_TEXT.exec(text) ?? COMPACT_DATE.exec(text);
  if (!match) return fail(`${DATE_HINT}，实际为${quote(value)}`);
  const iso = isoIfValid(Number(match[1]), Number(match[2]), Number(match[3]));
  return iso ? ok(iso) : fail(`日期不存在：${quote(value)}`);
}

const YEAR_TEXT = /^(\d{4})\s*(?:年(?:度|代)?)?$/;
const YEAR_MONTH_TEXT = /^(\d{4})\s*[年./-]\s*(\d{1,2})\s*月?(?:份)?$/;

/**
 * A year: `2015`, `2015年`, `2015.6`, `2015年6月`, a full date, or an Excel date serial (a
 * number of five or more digits), all reduced to the year.
 */
export function normaliseYear(
  value: CellValue,
  options: { required?: boolean; min?: number; max?: number } = {},
): CellResult<number | null> {
  if (isCellError(value)) return fail(errorCellMessage(value));
  const hint = '应为年份，如 2015 或 2015年';
  let year: number | null = null;
  if (value === null) return options.required ? fail('必须填写') : ok(null);
  if (value instanceof Date) {
    year = Number.isNaN(value.getTime()) ? null : value.getUTCFullYear();
  } else if (typeof value === 'number') {
    // `2015.6` typed into a number cell means June 2015.
    if (value >= 1000 && value < 10_000) year = Math.floor(value);
    else if (value >= 10_000) year = Number(serialToIsoDate(value)?.slice(0, 4) ?? NaN);
    if (year !== null && Number.isNaN(year)) year = null;
  } else if (typeof value === 'string') {
    const text = toHalfWidth(value).trim();
    if (text === '' || PLACEHOLDERS.has(text.toLowerCase())) {
      return options.required ? fail('必须填写') : ok(null);
    }
    const yearOnly = YEAR_TEXT.exec(text) ?? YEAR_MONTH_TEXT.exec(text);
    if (yearOnly) {
      const month = yearOnly[2] === undefined ? 1 : Number(yearOnly[2]);
      year = month >= 1 && month <= 12 ? Number(yearOnly[1]) : null;
    } else {
      const date = normaliseDate(value);
      year = date.ok && date.value ? Number(date.value.slice(0, 4)) : null;
    }
  }
  if (year === null) return fail(`${hint}，实际为${quote(value)}`);
  if (options.min !== undefined && year < options.min) return fail(`不能早于 ${options.min} 年`);
  if (options.max !== undefined && year > options.max) return fail(`不能晚于 ${options.max} 年`);
  return ok(year);
}

const TRUE_WORDS = new Set(['是', '有', 'y', 'yes', 'true', '1', '√', '✓', '对']);
const FALSE_WORDS = new Set(['否', '无', '没有', 'n', 'no', 'false', '0', '×', '✗', '不是']);

/** 是/否 (also Y/N, √/×, 1/0, TRUE/FALSE cells). */
export function normaliseBoolean(
  value: CellValue,
  options: { required?: boolean } = {},
): CellResult<boolean | null> {
  if (isCellError(value)) return fail(errorCellMessage(value));
  if (value === null) return options.required ? fail('必须填写') : ok(null);
  if (typeof value === 'boolean') return ok(value);
  const text = cellKeyText(value).replace(/\s+/g, '').toLowerCase();
  if (text === '') return options.required ? fail('必须填写') : ok(null);
  if (TRUE_WORDS.has(text)) return ok(true);
  if (FALSE_WORDS.has(text)) return ok(false);
  return fail(`应为“是”或“否”，实际为${quote(value)}`);
}

export interface EnumOption<T extends string> {
  value: T;
  /** The Chinese label shown in templates and exports. */
  label: string;
  /** Other ways clerks write it. */
  synonyms?: readonly string[];
}

/** A matching key: half-width, no white space or separators, lower case. */
export function matchKey(text: string): string {
  return toHalfWidth(text)
    .replace(/[\s\-_·•]+/g, '')
    .toLowerCase();
}

/**
 * Builds a normaliser for a closed set of choices, matched by Chinese label, code or synonym,
 * ignoring case, width, spaces and dashes.
 */
export function createEnumNormaliser<T extends string>(
  options: readonly EnumOption<T>[],
): (value: CellValue, settings?: { required?: boolean }) => CellResult<T | null> {
  const byKey = new Map<string, T>();
  for (const option of options) {
    for (const word of [option.label, option.value, ...(option.synonyms ?? [])]) {
      byKey.set(matchKey(word), option.value);
    }
  }
  const labels = options.map((o) => o.label).join('、');
  // Most cells hold a label exactly as the drop-down wrote it.
  const exact = new Map<string, CellResult<T>>();
  for (const option of options) {
    for (const word of [option.label, option.value]) exact.set(word, ok(option.value));
  }
  return (value, settings = {}) => {
    if (typeof value === 'string') {
      const found = exact.get(value);
      if (found) return found;
    }
    if (isCellError(value)) return fail(errorCellMessage(value));
    const key = value === null ? '' : matchKey(cellKeyText(value));
    if (key === '' || PLACEHOLDERS.has(key)) {
      return settings.required ? fail(`必须填写，应为以下之一：${labels}`) : ok(null);
    }
    const found = byKey.get(key);
    return found === undefined ? fail(`应为以下之一：${labels}，实际为${quote(value)}`) : ok(found);
  };
}
