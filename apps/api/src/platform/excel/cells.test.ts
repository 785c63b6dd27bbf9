import { describe, expect, it } from 'vitest';
import {
  AREA_UNITS,
  createEnumNormaliser,
  neutraliseFormula,
  normaliseBoolean,
  normaliseDate,
  normaliseInteger,
  normaliseNumber,
  normaliseText,
  normaliseYear,
  restoreNeutralised,
  serialToIsoDate,
  toHalfWidth,
} from './cells.ts';

const value = <T>(r: { ok: true; value: T } | { ok: false; message: string }) => {
  if (!r.ok) throw new Error(`expected a value, got: ${r.message}`);
  return r.value;
};
const message = (r: { ok: boolean; message?: string }) => {
  if (r.ok) throw new Error('expected an error');
  return r.message;
};

describe('toHalfWidth', () => {
  it('turns full-width digits, letters, punctuation and the ideographic space into ASCII', () => {
    expect(toHalfWidth('１２３４ＡＢｃ，．（）：　Ｘ')).toBe('1234ABc,.(): X');
  });
  it('with keepPunctuation changes only digits, letters and spaces', () => {
    expect(toHalfWidth('幸福里（一期）１号　Ａ区，东', true)).toBe('幸福里（一期）1号 A区，东');
  });
  it('drops zero-width spaces and the BOM', () => {
    expect(toHalfWidth('\uFEFF幸\u200B福')).toBe('幸福');
  });
});

describe('normaliseText', () => {
  it('trims, collapses white space and converts full width', () => {
    expect(value(normaliseText('　幸福　\n 小区１ '))).toBe('幸福 小区1');
  });
  it('keeps line breaks in multiline text', () => {
    expect(value(normaliseText(' 第一行  \r\n第二行 ', { multiline: true }))).toBe(
      '第一行\n第二行',
    );
  });
  it('returns null for blank cells and an error when required', () => {
    expect(value(normaliseText('   '))).toBeNull();
    expect(value(normaliseText(null))).toBeNull();
    expect(message(normaliseText(' 　', { required: true }))).toBe('必须填写');
  });
  it('writes numbers, dates and booleans as text', () => {
    expect(value(normaliseText(12))).toBe('12');
    expect(value(normaliseText(0.1 + 0.2))).toBe('0.3');
    expect(value(normaliseText(new Date(Date.UTC(2020, 3, 10))))).toBe('2020-04-10');
    expect(value(normaliseText(true))).toBe('是');
  });
  it('refuses text that is too long, control characters and error cells', () => {
    expect(message(normaliseText('一二三四', { max: 3 }))).toBe('不能超过 3 个字（现为 4 个字）');
    expect(message(normaliseText('a\u0007b'))).toBe('不能包含控制字符');
    expect(message(normaliseText({ error: '#N/A' }))).toContain('#N/A');
  });
  it('undoes the apostrophe that exports put before formula characters', () => {
    expect(value(normaliseText("'=1+1"))).toBe('=1+1');
    expect(value(normaliseText("'+SUM(A1)"))).toBe('+SUM(A1)');
    expect(value(normaliseText("'it's"))).toBe("'it's");
  });
});

describe('neutraliseFormula', () => {
  it('prefixes an apostrophe to strings starting with = + - @ tab or CR', () => {
    for (const s of ['=1+1', '+SUM(A1)', '-2', '@x', '\tx', '\rx']) {
      expect(neutraliseFormula(s)).toBe(`'${s}`);
    }
    expect(neutraliseFormula('幸福小区')).toBe('幸福小区');
    expect(neutraliseFormula("'plain")).toBe("'plain");
  });
  it('is undone exactly by restoreNeutralised, even for text that starts with apostrophes', () => {
    for (const s of ['=1+1', "'=1+1", "''-x", '-', 'a=b', "'", "'abc", '']) {
      expect(restoreNeutralised(neutraliseFormula(s))).toBe(s);
    }
  });
});

describe('normaliseNumber', () => {
  it('reads numbers written the ways clerks write them', () => {
    const cases: [string | number, number][] = [
      [350, 350],
      ['1,234', 1234],
      ['1,234.5', 1234.5],
      ['１２３４', 1234],
      ['350平方米', 350],
      ['350㎡', 350],
      ['350 m2', 350],
      ['350M²', 350],
      ['350.50 平米', 350.5],
      ['1.2万', 12000],
      ['1.2万平方米', 12000],
      [' ３５０　㎡ ', 350],
    ];
    for (const [input, expected] of cases) {
      expect(value(normaliseNumber(input, { units: AREA_UNITS }))).toBe(expected);
    }
  });
  it('treats placeholders as blank', () => {
    for (const input of ['/', '—', '无', '', '  ']) {
      expect(value(normaliseNumber(input, { units: AREA_UNITS }))).toBeNull();
    }
  });
  it('refuses approximate values: P3 wants an accurate ledger', () => {
    expect(message(normaliseNumber('约350', { units: AREA_UNITS }))).toContain('确切数值');
    expect(message(normaliseNumber('350平方米左右', { units: AREA_UNITS }))).toContain('确切数值');
  });
  it('refuses text that is not a number, bad grouping and units not allowed', () => {
    expect(message(normaliseNumber('三百'))).toBe('应为数字，实际为“三百”');
    expect(message(normaliseNumber('1,23'))).toContain('应为数字');
    expect(message(normaliseNumber('350亩', { units: AREA_UNITS }))).toContain('平方米');
    expect(message(normaliseNumber('350-400'))).toContain('应为数字');
    expect(message(normaliseNumber(new Date()))).toContain('应为数字');
  });
  it('checks ranges and required', () => {
    expect(message(normaliseNumber(-1, { min: 0 }))).toBe('不能小于 0');
    expect(message(normaliseNumber('2000000', { max: 1_000_000 }))).toBe('不能大于 1000000');
    expect(message(normaliseNumber(null, { required: true }))).toBe('必须填写');
  });
});

describe('normaliseInteger', () => {
  it('accepts whole numbers with units and refuses fractions', () => {
    expect(value(normaliseInteger('1,200户', { units: ['户'] }))).toBe(1200);
    expect(value(normaliseInteger(350.0))).toBe(350);
    expect(message(normaliseInteger('350.5'))).toBe('应为整数，实际为“350.5”');
  });
});

describe('normaliseDate', () => {
  it('reads serials, date cells and Chinese and dotted text to YYYY-MM-DD', () => {
    const cases: [string | number | Date, string][] = [
      [43931, '2020-04-10'],
      [43931.75, '2020-04-10'],
      [new Date(Date.UTC(2020, 3, 10)), '2020-04-10'],
      ['2020年4月10日', '2020-04-10'],
      ['２０２０年４月１０日', '2020-04-10'],
      ['2020 年 4 月 10 日', '2020-04-10'],
      ['2020.4.10', '2020-04-10'],
      ['2020/4/10', '2020-04-10'],
      ['2020-04-10', '2020-04-10'],
      ['2020-04-10 09:30', '2020-04-10'],
      ['20200410', '2020-04-10'],
      [61, '1900-03-01'],
      [1, '1900-01-01'],
    ];
    for (const [input, expected] of cases) expect(value(normaliseDate(input))).toBe(expected);
  });
  it('refuses dates that do not exist and text that is no date', () => {
    expect(message(normaliseDate('2021年2月29日'))).toContain('日期不存在');
    expect(message(normaliseDate('明年春天'))).toContain('应为日期');
    expect(message(normaliseDate(9_999_999))).toContain('应为日期');
  });
  it('converts serials directly', () => {
    expect(serialToIsoDate(44197)).toBe('2021-01-01');
    expect(serialToIsoDate(0)).toBeNull();
  });
});

describe('normaliseYear', () => {
  it('reads a year from numbers, 年 text, year-month text, dates and serials', () => {
    const cases: [string | number | Date, number][] = [
      [2015, 2015],
      ['2015', 2015],
      ['2015年', 2015],
      ['２０１５年', 2015],
      ['2015年6月', 2015],
      ['2015.6', 2015],
      [2015.6, 2015],
      ['2015年6月1日', 2015],
      [new Date(Date.UTC(2015, 5, 1)), 2015],
      [42156, 2015],
    ];
    for (const [input, expected] of cases) expect(value(normaliseYear(input))).toBe(expected);
  });
  it('checks the range and refuses what is no year', () => {
    expect(message(normaliseYear(1850, { min: 1900 }))).toBe('不能早于 1900 年');
    expect(message(normaliseYear('2015年13月'))).toContain('应为年份');
    expect(message(normaliseYear('九十年代'))).toContain('应为年份');
    expect(message(normaliseYear(215))).toContain('应为年份');
  });
});

describe('normaliseBoolean', () => {
  it('reads 是/否 and their variants', () => {
    expect(value(normaliseBoolean('是'))).toBe(true);
    expect(value(normaliseBoolean(' 否 '))).toBe(false);
    expect(value(normaliseBoolean('Y'))).toBe(true);
    expect(value(normaliseBoolean(0))).toBe(false);
    expect(value(normaliseBoolean(true))).toBe(true);
    expect(value(normaliseBoolean(null))).toBeNull();
    expect(message(normaliseBoolean('也许'))).toBe('应为“是”或“否”，实际为“也许”');
  });
});

describe('createEnumNormaliser', () => {
  const normalise = createEnumNormaliser([
    { value: 'wgs84', label: 'WGS-84', synonyms: ['天地图'] },
    { value: 'gcj02', label: 'GCJ-02', synonyms: ['高德'] },
  ]);
  it('matches label, code and synonym ignoring width, case, spaces and dashes', () => {
    expect(value(normalise('WGS-84'))).toBe('wgs84');
    expect(value(normalise('ｗｇｓ８４'))).toBe('wgs84');
    expect(value(normalise(' gcj 02 '))).toBe('gcj02');
    expect(value(normalise('高德'))).toBe('gcj02');
    expect(value(normalise('天 地 图'))).toBe('wgs84');
  });
  it('lists the labels when nothing matches, and enforces required', () => {
    expect(message(normalise('百度'))).toBe('应为以下之一：WGS-84、GCJ-02，实际为“百度”');
    expect(value(normalise(null))).toBeNull();
    expect(message(normalise('', { required: true }))).toBe(
      '必须填写，应为以下之一：WGS-84、GCJ-02',
    );
  });
});
