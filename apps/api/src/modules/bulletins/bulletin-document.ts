import { PassThrough } from 'node:stream';
import type { Paragraph, Table } from 'docx';
import {
  LATE_KIND_NAMES,
  LIGHT_NAMES,
  UNRATED_NAME,
  type BulletinNarrative,
  type BulletinSettings,
  type BulletinSnapshot,
} from '@zibo/shared';
import {
  addressee,
  attachmentHead,
  attachmentNote,
  bodyParagraph,
  dataTable,
  dataTableHeights,
  heading1,
  heading2,
  letterhead,
  officialDocument,
  packDocument,
  PageFill,
  recordBlock,
  type DataTableInput,
  signature,
  titleBlock,
} from '../../platform/documents/official-document.ts';
import { writeWorkbook, type WriteSheet } from '../../platform/excel/writer.ts';
import { cnDate, percent } from './bulletin-narrative.ts';

export type BulletinForDocument = {
  issueNo: number;
  year: number;
  docNumber: string;
  title: string;
  periodStart: string;
  periodEnd: string;
  /** 成文日期 and 印发日期 (YYYY-MM-DD): the issue date, or the draft date for a draft. */
  date: string;
  narrative: BulletinNarrative;
  snapshot: BulletinSnapshot;
};

const ATTACHMENTS = ['牵头部门工作进展情况表', '逾期未完成事项汇总表'];

/** "（2026年第3期）" under the title. */
export function issueLine(b: Pick<BulletinForDocument, 'year' | 'issueNo'>): string {
  return `（${b.year}年第${b.issueNo}期）`;
}

function signed(n: number, unit: string): string {
  if (n === 0) return '—';
  return `${n > 0 ? '↑' : '↓'}${Math.abs(n)}${unit}`;
}

function pointsCell(points: number): string {
  const p = Math.round(points * 10) / 10;
  if (p === 0) return '—';
  return `${p > 0 ? '+' : ''}${p.toFixed(1)}`;
}

export const REGION_COLUMNS = [
  '排名',
  '区县（功能区）',
  '问题数',
  '已销号',
  '销号率',
  '逾期未销号',
  '群众满意率',
  '综合得分',
  '较上期（百分点）',
  '名次变化',
  '灯色',
] as const;

export function regionTableRows(s: BulletinSnapshot): (string | number)[][] {
  return [...s.regions]
    .sort((a, b) => a.rank - b.rank)
    .map((r) => {
      // Nothing to assess (a district without problems): no place, score or light. Bulletins
      // frozen before `rated` existed have none and read as rated.
      const unrated = r.rated === false;
      return [
        unrated ? '—' : r.rank,
        r.name,
        r.problems,
        r.closed,
        unrated ? '—' : percent(r.closureRate),
        r.overdue,
        r.satisfactionRate === null ? '—' : percent(r.satisfactionRate),
        unrated ? '—' : r.score.toFixed(1),
        r.change ? pointsCell(r.change.closureRatePoints) : '—',
        r.change ? signed(r.change.places, '位') : '—',
        unrated ? UNRATED_NAME : LIGHT_NAMES[r.light],
      ];
    });
}

export const DEPARTMENT_COLUMNS = [
  '排名',
  '牵头部门',
  '问题数',
  '已销号',
  '销号率',
  '逾期未销号',
] as const;

export function departmentTableRows(s: BulletinSnapshot): (string | number)[][] {
  return [...s.departments]
    .sort((a, b) => a.rank - b.rank)
    .map((d) => [
      d.rated === false ? '—' : d.rank,
      d.name,
      d.problems,
      d.closed,
      d.rated === false ? '—' : percent(d.closureRate),
      d.overdue,
    ]);
}

export const LATE_COLUMNS = ['序号', '责任单位', '事项', '类别', '应完成日期', '逾期天数'] as const;

export function lateTableRows(s: BulletinSnapshot): (string | number)[][] {
  return [...s.late]
    .sort((a, b) => b.daysLate - a.daysLate || a.unit.localeCompare(b.unit, 'zh'))
    .map((l, i) => [i + 1, l.unit, l.what, LATE_KIND_NAMES[l.kind], l.dueDate, l.daysLate]);
}

export const LATE_SUMMARY_COLUMNS = [
  '序号',
  '责任单位',
  '事项类别',
  '逾期件数',
  '最早应完成日期',
  '最长逾期天数',
] as const;

/**
 * 附件2 in the .docx: the late entries summed by responsible unit and kind — a street's entries
 * under its district (the district answers for its streets in the bulletin), a department's
 * under the department — most entries first. The item-by-item list is the .xlsx annex's: a
 * bulletin of hundreds of pages of single items is not what a 通报 carries.
 */
export function lateSummaryRows(s: BulletinSnapshot): (string | number)[][] {
  const districtName = new Map(s.regions.map((r) => [r.regionCode, r.name]));
  const groups = new Map<
    string,
    { unit: string; kind: string; n: number; due: string; days: number }
  >();
  for (const l of s.late) {
    const code = l.unitCode ?? '';
    const unit =
      /^\d{9,12}$/.test(code) && districtName.has(code.slice(0, 6))
        ? districtName.get(code.slice(0, 6))!
        : l.unit;
    const key = `${unit}\u0000${l.kind}`;
    const g = groups.get(key);
    if (g) {
      g.n++;
      if (l.dueDate < g.due) g.due = l.dueDate;
      g.days = Math.max(g.days, l.daysLate);
    } else groups.set(key, { unit, kind: l.kind, n: 1, due: l.dueDate, days: l.daysLate });
  }
  return [...groups.values()]
    .sort((a, b) => b.n - a.n || b.days - a.days || a.unit.localeCompare(b.unit, 'zh'))
    .map((g, i) => [
      i + 1,
      g.unit,
      LATE_KIND_NAMES[g.kind as keyof typeof LATE_KIND_NAMES] ?? g.kind,
      g.n,
      g.due,
      g.days,
    ]);
}

function sectionParagraphs(text: string): Paragraph[] {
  return text
    .split(/\n+/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      // "（一）小标题。正文……": the sub-heading in 楷体, the rest of the paragraph in 仿宋.
      const m = /^(（[一二三四五六七八九十]+）[^。：]*[。：])(.*)$/.exec(p);
      return m ? heading2(m[1]!, m[2] || undefined) : bodyParagraph(p);
    });
}

/** The bulletin as a GB/T 9704-2012 .docx: 版头, title, 主送, four sections, 附件, 版记. */
export async function buildBulletinDocx(
  b: BulletinForDocument,
  settings: BulletinSettings,
): Promise<Buffer> {
  const s = b.snapshot;
  const lateTable: DataTableInput = {
    columns: LATE_SUMMARY_COLUMNS.map((h, i) => ({
      header: h,
      weight: [0.7, 2.6, 2.2, 1.1, 1.7, 1.2][i]!,
    })),
    rows: s.late.length ? lateSummaryRows(s) : [['', '', '本期无逾期事项', '', '', '']],
    size: 21,
    exactRowHeights: true,
  };
  const note = s.late.length
    ? `注：逾期事项共${Math.max(s.lateTotal ?? 0, s.late.length)}项，明细见随文统计表` +
      (s.lateTotal && s.lateTotal > s.late.length ? `（列出逾期最久的${s.late.length}项）。` : '。')
    : null;
  // 附件2 starts a page: from there on, the space taken is counted so that the 版记 can end on
  // the last line of the last page.
  const foot = new PageFill().attachmentHead(ATTACHMENTS[1]!).table(dataTableHeights(lateTable));
  if (note) foot.bodyParagraph(note);
  const children: (Paragraph | Table)[] = [
    ...letterhead({ issuer: settings.issuer, docNumber: b.docNumber }),
    ...titleBlock([b.title, issueLine(b)]),
    addressee(settings.addressees),
    bodyParagraph(
      `根据《淄博市社区配套设施建设管理实施方案》关于“有关情况定期通报”的要求，现将` +
        `${cnDate(b.periodStart)}至${cnDate(b.periodEnd)}全市社区配套设施整治工作进展情况通报如下。`,
    ),
    heading1('一、总体进展'),
    ...sectionParagraphs(b.narrative.overall),
    heading1('二、进展排名'),
    ...sectionParagraphs(b.narrative.ranking),
    dataTable({
      columns: REGION_COLUMNS.map((h, i) => ({
        header: h,
        weight: [0.75, 1.9, 0.9, 0.9, 1.15, 1.05, 1.15, 1.05, 1.3, 1.05, 0.85][i]!,
      })),
      rows: regionTableRows(s),
      size: 21,
    }),
    heading1('三、存在问题'),
    ...sectionParagraphs(b.narrative.problems),
    heading1('四、下步工作要求'),
    ...sectionParagraphs(b.narrative.requirements),
    ...attachmentNote(ATTACHMENTS),
    ...signature(settings.issuer, b.date),
    ...attachmentHead('附件1', ATTACHMENTS[0]!),
    dataTable({
      columns: DEPARTMENT_COLUMNS.map((h, i) => ({ header: h, weight: i === 1 ? 3 : 1 })),
      rows: departmentTableRows(s),
    }),
    ...attachmentHead('附件2', ATTACHMENTS[1]!),
    dataTable(lateTable),
    ...(note ? [bodyParagraph(note)] : []),
    ...recordBlock(
      { copyTo: settings.copyTo, printer: settings.issuer, printDate: b.date },
      { foot },
    ),
  ];
  return packDocument(officialDocument({ title: `${b.title}${issueLine(b)}`, children }));
}

/** The annex workbook: the league tables and the overdue list, as in the snapshot. */
export async function buildBulletinAnnex(b: BulletinForDocument): Promise<Buffer> {
  const s = b.snapshot;
  const sheets: WriteSheet[] = [
    {
      name: '区县排名',
      columns: REGION_COLUMNS.map((h, i) => ({ header: h, width: i === 1 ? 22 : 12 })),
      rows: regionTableRows(s),
      blankRows: 0,
    },
    {
      name: '牵头部门',
      columns: DEPARTMENT_COLUMNS.map((h, i) => ({ header: h, width: i === 1 ? 28 : 12 })),
      rows: departmentTableRows(s),
      blankRows: 0,
    },
    {
      name: '逾期事项',
      columns: LATE_COLUMNS.map((h, i) => ({ header: h, width: [8, 22, 50, 16, 14, 10][i] })),
      rows: lateTableRows(s),
      blankRows: 0,
    },
    {
      name: '说明',
      columns: [
        { header: '项目', width: 16 },
        { header: '内容', width: 60 },
      ],
      rows: [
        ['发文字号', b.docNumber],
        ['期号', `${b.year}年第${b.issueNo}期`],
        ['统计时段', `${b.periodStart} 至 ${b.periodEnd}`],
        ['数据截至', s.asOf],
        ['问题数', s.totals.problems],
        ['已销号', s.totals.closed],
        ['销号率', percent(s.totals.closureRate)],
        ['逾期未销号', s.totals.overdue],
      ],
      blankRows: 0,
    },
  ];
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  await writeWorkbook(out, sheets);
  await done;
  return Buffer.concat(chunks);
}
