import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BULLETIN_SETTINGS } from '@zibo/shared';
import { pdfWords, readPackageParts, renderDocx } from '../../platform/documents/inspect.ts';
import { LINE_PITCH, PAGE } from '../../platform/documents/official-document.ts';
import {
  buildBulletinAnnex,
  buildBulletinDocx,
  type BulletinForDocument,
} from './bulletin-document.ts';
import { draftNarrative } from './bulletin-narrative.ts';
import { fixtureSnapshot } from './bulletin-fixture.ts';
import { rosterDocx, rosterXlsx, tasksDocx, tasksXlsx } from './policy-attachments.ts';

function fixtureBulletin(): BulletinForDocument {
  const snapshot = fixtureSnapshot();
  return {
    issueNo: 3,
    year: 2026,
    docNumber: '淄社配办〔2026〕3号',
    title: '关于全市社区配套设施整治工作进展情况的通报',
    periodStart: '2026-11-01',
    periodEnd: '2026-11-30',
    date: '2026-12-05',
    narrative: draftNarrative(snapshot, { start: '2026-11-01', end: '2026-11-30' }),
    snapshot,
  };
}

describe('P11 bulletin narrative', () => {
  it('names the fastest and slowest units, the overdue ones and the change since the last issue', () => {
    const n = draftNarrative(fixtureSnapshot(), { start: '2026-11-01', end: '2026-11-30' });
    expect(n.overall).toContain('登记社区配套设施问题120个，已整改销号57个，销号率47.5%');
    expect(n.overall).toContain('较上期（第2期）提高7.5个百分点，新增销号12个');
    // Ranked by composite score, so the score comes first, then the closure rate.
    expect(n.ranking).toContain(
      '进展较快的是张店区（综合得分86.4分，销号率77.5%）、淄川区（综合得分71.2分，销号率40.0%）、博山区（综合得分38.5分，销号率20.0%）',
    );
    // Only units whose rate is below the city's are said to be below it (47.5%).
    expect(n.problems).toContain('博山区（20.0%）、淄川区（40.0%）销号率低于全市平均水平（47.5%）');
    expect(n.problems).not.toMatch(/张店区[^。]*低于全市平均水平/);
    expect(n.problems).toContain('全市共有2项工作超过规定时限');
    expect(n.ranking).toContain('张店区上升1位、销号率提高12.5个百分点');
    expect(n.ranking).toContain('淄川区下降1位');
    expect(n.problems).toContain('博山区5个、淄川区3个、张店区1个问题超过整改时限');
    expect(n.requirements).toContain('博山区要分析进展滞后原因');
  });

  it('puts lead departments in front and behind only when there are more than three', () => {
    const period = { start: '2026-11-01', end: '2026-11-30' };
    const two = fixtureSnapshot();
    two.departments[1] = { ...two.departments[1]!, closed: 0, closureRate: 0 };
    // Two departments, one with nothing closed: listed in order, neither called 靠前.
    const few = draftNarrative(two, period);
    expect(few.ranking).toContain(
      '从牵头部门看，按综合得分依次为市教育局（57.1%）、市卫生健康委员会（0.0%）。',
    );
    expect(few.ranking).not.toContain('排名靠前');

    const five = fixtureSnapshot();
    const names = ['市教育局', '市民政局', '市商务局', '市体育局', '市卫生健康委员会'];
    five.departments = names.map((name, i) => ({
      ...five.departments[0]!,
      name,
      rank: i + 1,
      closureRate: (5 - i) / 10,
    }));
    expect(draftNarrative(five, period).ranking).toContain(
      '从牵头部门看，市教育局（50.0%）、市民政局（40.0%）、市商务局（30.0%）排名靠前，' +
        '市体育局（20.0%）、市卫生健康委员会（10.0%）排名靠后。',
    );
  });
});

describe('P11 bulletin .docx in the GB/T 9704-2012 layout', () => {
  it('has A4, the 37/35/28/26 mm margins, the 22 × 28 grid, the named fonts, the red head and the figures', async () => {
    const parts = await readPackageParts(
      await buildBulletinDocx(fixtureBulletin(), DEFAULT_BULLETIN_SETTINGS),
    );
    const doc = parts.get('word/document.xml')!;
    expect(doc).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    // 37 mm = 2098 twips, 35 = 1984, 28 = 1587, 26 = 1474.
    expect(doc).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/);
    // 225 mm / 22 lines and 156 mm / 28 characters.
    expect(doc).toMatch(/<w:docGrid w:type="default" w:linePitch="579" w:charSpace="-8\d\d"/);
    // 28 characters of 3号 a line: 16 pt − 0.25 pt spacing.
    expect(doc).toContain('<w:spacing w:val="-5"/>');
    for (const font of ['方正小标宋简体', '仿宋_GB2312', '黑体', '楷体_GB2312', '宋体'])
      expect(doc + parts.get('word/footer1.xml') + parts.get('word/footer2.xml')).toContain(
        `w:eastAsia="${font}"`,
      );
    // The 发文机关标志 and the separator are red.
    const head = doc.slice(0, doc.indexOf('淄社配办〔2026〕3号') + 200);
    expect(head).toMatch(
      /<w:color w:val="E00000"\/>[\s\S]*淄博市社区配套设施建设工作领导小组办公室/,
    );
    expect(head).toMatch(/<w:bottom w:val="single" w:color="E00000"/);
    // Title in 2号 (44 half-points), body in 3号 (32).
    expect(doc).toMatch(/<w:sz w:val="44"\/>[\s\S]{0,200}关于全市社区配套设施整治/);
    expect(doc).toContain('（2026年第3期）');
    // The header row of the tables repeats on every page.
    expect(doc).toContain('<w:tblHeader/>');
    // The figures of the snapshot.
    for (const figure of [
      '张店区',
      '77.5%',
      '淄川区',
      '40.0%',
      '博山区',
      '20.0%',
      '+12.5',
      '↑1位',
      '红灯',
    ])
      expect(doc).toContain(figure);
    // 附件2 sums the late entries by unit and kind; the .xlsx lists them one by one.
    expect(doc).toContain('逾期未完成事项汇总表');
    expect(doc).toMatch(/博山区[\s\S]{0,2000}问题逾期未销号/);
    expect(doc).toContain('注：逾期事项共2项，明细见随文统计表。');
    // Every table has an explicit grid: fixed layout, a width in twips per column, and cells
    // whose widths are those of the grid (Word, WPS and LibreOffice lay it out alike).
    const tables = doc.split('<w:tbl>').slice(1);
    const dataTables = tables.filter((t) => t.includes('<w:tblHeader/>'));
    expect(dataTables.length).toBe(3);
    for (const t of dataTables) {
      expect(t).toMatch(/^<w:tblPr><w:tblW w:type="dxa" w:w="\d+"\/>/);
      expect(t).toContain('<w:tblLayout w:type="fixed"/>');
      const grid = [...t.matchAll(/<w:gridCol w:w="(\d+)"\/>/g)].map((m) => Number(m[1]));
      const firstRow = t.slice(t.indexOf('<w:tr>'), t.indexOf('</w:tr>'));
      const cells = [...firstRow.matchAll(/<w:tcW w:type="dxa" w:w="(\d+)"\/>/g)].map((m) =>
        Number(m[1]),
      );
      expect(grid.length).toBeGreaterThan(1);
      expect(cells).toEqual(grid);
      expect(firstRow).toContain('<w:tblHeader/>');
    }
    // 版记: 抄送 and 印发 with the date.
    expect(doc).toContain('抄送：市委办公室');
    expect(doc).toContain('2026年12月5日印发');
    // Different odd and even footers with the page number.
    expect(parts.get('word/settings.xml')).toContain('<w:evenAndOddHeaders/>');
    expect(doc).toMatch(/<w:footerReference w:type="even"/);
    expect(doc).toMatch(/<w:footerReference w:type="default"/);
  });

  it('opens in LibreOffice as A4 pages carrying the title and the figures', async () => {
    const pngDir = process.env.BULLETIN_PNG_DIR;
    if (pngDir) mkdirSync(pngDir, { recursive: true });
    const rendered = await renderDocx(
      await buildBulletinDocx(fixtureBulletin(), DEFAULT_BULLETIN_SETTINGS),
      { name: 'bulletin', ...(pngDir ? { pngDir } : {}) },
    );
    expect(rendered.pageSize).toMatch(/^595\.\d* x 841\.\d*|^595 x 842/);
    expect(rendered.pages).toBeGreaterThanOrEqual(3);
    const text = rendered.text.replace(/\s+/g, '');
    expect(text).toContain('关于全市社区配套设施整治工作进展情况的通报');
    expect(text).toContain('淄社配办〔2026〕3号');
    for (const figure of ['张店区', '77.5%', '博山区', '20.0%', '销号率47.5%'])
      expect(text).toContain(figure);
    expect(text).toContain('—1—');
  });
});

describe('P11 bulletin 版记 at the foot of the last page (GB/T 9704 7.4)', () => {
  // The 版心 ends 35 mm above the foot of the A4 page; a line is 225 mm / 22 high.
  const pt = (twips: number) => twips / 20;
  const bottom = pt(PAGE.height) - (PAGE.margin.bottom * 72) / 25.4;
  const pitch = pt(LINE_PITCH);

  /** The bulletin rendered by LibreOffice: where its 印发 line and 抄送 line are. */
  async function recordBlockPosition(b: BulletinForDocument, settings = DEFAULT_BULLETIN_SETTINGS) {
    const rendered = await renderDocx(await buildBulletinDocx(b, settings), { name: 'imprint' });
    const words = await pdfWords(rendered.pdf);
    const printed = words.filter((w) => w.text.endsWith('印发'));
    const copyTo = words.filter((w) => w.text.startsWith('抄送：'));
    const lastPage = words.filter((w) => w.page === rendered.pages);
    return { pages: rendered.pages, printed, copyTo, lastPage };
  }

  function expectAtFoot(at: Awaited<ReturnType<typeof recordBlockPosition>>, copyTo: boolean) {
    expect(at.printed).toHaveLength(1);
    const printed = at.printed[0]!;
    // On the last page, its last line on the last line of the 版心.
    expect(printed.page).toBe(at.pages);
    expect(printed.yMax).toBeLessThanOrEqual(bottom);
    expect(printed.yMax).toBeGreaterThan(bottom - pitch);
    // The 抄送 above it on the same page, and nothing but the page number below it.
    if (copyTo) {
      expect(at.copyTo).toHaveLength(1);
      expect(at.copyTo[0]!.page).toBe(at.pages);
      expect(at.copyTo[0]!.yMax).toBeLessThan(printed.yMin);
    } else expect(at.copyTo).toHaveLength(0);
    const below = at.lastPage.filter((w) => w.yMin > printed.yMax && !/^[—\d]+$/.test(w.text));
    expect(below).toEqual([]);
  }

  it('ends on the last line of the last page of a short bulletin', async () => {
    expectAtFoot(await recordBlockPosition(fixtureBulletin()), true);
  });

  it('ends on the last line of the last page when 附件2 runs over pages, or on a page of its own', async () => {
    // 60 more late entries, some of units with long names that take two or three lines of their
    // cell: 附件2 takes three pages. 21: it ends too low on its page for the 版记, which goes to
    // the foot of the next one. Without 抄送 the 版记 is a line shorter.
    for (const [extra, copyTo] of [
      [60, true],
      [21, true],
      [0, false],
    ] as const) {
      const b = fixtureBulletin();
      for (let i = 0; i < extra; i++)
        b.snapshot.late.push({
          kind: i % 2 ? 'problem_deadline' : 'plan_approval',
          unit: `高青县${'黑里寨镇'.repeat(extra === 60 ? i % 7 : 0)}第${i + 1}街道办事处`,
          unitCode: null,
          link: '/problems',
          what: `事项${i + 1}`,
          dueDate: '2026-10-01',
          daysLate: 30 + i,
        });
      const at = await recordBlockPosition(
        b,
        copyTo ? DEFAULT_BULLETIN_SETTINGS : { ...DEFAULT_BULLETIN_SETTINGS, copyTo: '' },
      );
      expectAtFoot(at, copyTo);
      if (extra === 60) expect(at.pages).toBeGreaterThanOrEqual(8);
      if (extra === 21) {
        const top = at.copyTo[0]!.yMin;
        expect(at.lastPage.filter((w) => w.yMax < top)).toEqual([]);
      }
    }
  });
});

describe('P11 bulletin annex .xlsx', () => {
  it('holds the league tables and the overdue list of the snapshot', async () => {
    const bytes = await buildBulletinAnnex(fixtureBulletin());
    const parts = await readPackageParts(bytes);
    const strings = parts.get('xl/sharedStrings.xml') ?? '';
    for (const s of [
      '区县（功能区）',
      '张店区',
      '77.5%',
      '市卫生健康委员会',
      '山头街道某小区配套幼儿园未移交',
    ])
      expect(strings).toContain(s);
    const workbook = parts.get('xl/workbook.xml')!;
    for (const s of ['区县排名', '牵头部门', '逾期事项']) expect(workbook).toContain(s);
  });
});

describe('P12 the policy attachments as documents', () => {
  const members = [
    { position: '组长', title: '副市长', unit: '市政府', name: '张三' },
    { position: '副组长', title: '局长', unit: '市自然资源和规划局', name: null },
  ];
  const tasks = [
    {
      seq: 1,
      name: '排查摸底：社区教育设施',
      description: '建立台账报主管部门备案（二.一）',
      leadDepartmentName: '市教育局',
      responsibleUnits: ['各区县人民政府'],
      deadline: '2020-04-10',
      progressPercent: 100,
    },
    {
      seq: 2,
      name: '定期通报',
      description: null,
      leadDepartmentName: '市自然资源和规划局',
      responsibleUnits: ['领导小组办公室'],
      deadline: null,
      progressPercent: 0,
    },
  ];

  it('附件1 and 附件2 as .docx tables in the GB/T 9704 layout, and as .xlsx', async () => {
    const roster = (await readPackageParts(await rosterDocx(members))).get('word/document.xml')!;
    expect(roster).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(roster).toContain('附件1');
    expect(roster).toContain('<w:tblHeader/>');
    for (const s of ['组长', '张三', '市政府副市长', '市自然资源和规划局局长'])
      expect(roster).toContain(s);
    const rosterBook = (await readPackageParts(await rosterXlsx(members))).get(
      'xl/sharedStrings.xml',
    );
    expect(rosterBook).toContain('市政府副市长');

    const rendered = await renderDocx(await tasksDocx(tasks), { name: 'tasks' });
    expect(rendered.pageSize).toMatch(/^595\.\d* x 841\.\d*/);
    const text = rendered.text.replace(/\s+/g, '');
    for (const s of [
      '附件2',
      '任务分解表',
      '排查摸底：社区教育设施',
      '市教育局',
      '长期坚持',
      '100%',
    ])
      expect(text).toContain(s);
    const taskBook = (await readPackageParts(await tasksXlsx(tasks))).get('xl/sharedStrings.xml');
    expect(taskBook).toContain('定期通报');
  });
});
