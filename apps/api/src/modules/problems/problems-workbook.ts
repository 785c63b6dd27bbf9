import type { Readable, Writable } from 'node:stream';
import { FACILITY_TYPE_NAMES, STAGE_NAMES } from '@zibo/shared';
import type { Db } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { AppError } from '../../platform/http/errors.ts';
import { readSheets, type SheetRow, type SheetSpec } from '../../platform/excel/reader.ts';
import { writeWorkbook } from '../../platform/excel/writer.ts';
import { normaliseInteger, normaliseNumber, normaliseText } from '../../platform/excel/cells.ts';
import { findProblems } from './problems.service.ts';
import { loadActorDepartment } from './problems.repo.ts';
import { reportProgressIn } from './problem-actions.service.ts';

export const PROBLEM_SHEET = '问题清单';

type Key = 'id' | 'percent' | 'note';
const SPEC: SheetSpec<Key> = {
  name: PROBLEM_SHEET,
  synonyms: ['问题', '问题台账', 'Sheet1'],
  minHeaderMatches: 2,
  columns: [
    { key: 'id', label: '问题编号', synonyms: ['编号', '问题ID'], required: true },
    { key: 'percent', label: '本次进度(%)', synonyms: ['进度', '完成进度', '进度(%)', '本次进度'] },
    { key: 'note', label: '进展说明', synonyms: ['本次进展', '整改进展', '进展情况'] },
  ],
};

const HEADERS = [
  '问题编号',
  '区县',
  '镇街',
  '小区',
  '设施类型',
  '阶段',
  '问题',
  '状态',
  '整改时限',
  '是否逾期',
  '当前进度(%)',
  '本次进度(%)',
  '进展说明',
];

/** The open problems of the actor's scope, for a district to fill in progress offline. */
export async function writeOpenProblems(
  out: Writable,
  db: Db,
  actor: Actor,
  region: string | undefined,
) {
  const rows: (string | number | null)[][] = [];
  for (let page = 1; ; page++) {
    const { items } = await findProblems({
      db,
      actor,
      filter: { region, status: 'in_progress' },
      page,
      pageSize: 500,
      order: 'deadline',
    });
    for (const p of items) {
      rows.push([
        p.id,
        p.districtName,
        p.streetName,
        p.areaName,
        FACILITY_TYPE_NAMES[p.facilityType],
        STAGE_NAMES[p.stage],
        p.title,
        p.statusName,
        p.deadline,
        p.overdue ? '是' : '否',
        p.progressPercent,
        null,
        null,
      ]);
    }
    if (items.length < 500) break;
  }
  return writeWorkbook(out, [
    {
      name: PROBLEM_SHEET,
      columns: HEADERS.map((header) => ({
        header,
        width: header === '问题' ? 40 : header === '进展说明' ? 40 : 12,
        required: header === '问题编号',
      })),
      rows,
      blankRows: 0,
    },
  ]);
}

export type ProgressImportReport = {
  rows: number;
  updated: number;
  errors: { sheet: string; row: number; column: string; message: string }[];
  dryRun: boolean;
};

/**
 * Re-imports progress from the workbook above: for each row with 本次进度 and 进展说明, one progress
 * report. All or nothing: any bad cell, or any problem that cannot take progress now, and
 * nothing is recorded.
 */
export async function importProblemProgress(input: {
  db: Db;
  actor: Actor;
  file: Readable | string;
  dryRun: boolean;
}): Promise<ProgressImportReport> {
  const { db, actor } = input;
  const errors: ProgressImportReport['errors'] = [];
  const entries: {
    row: number;
    sheet: string;
    column: string;
    id: number;
    percent: number;
    note: string;
  }[] = [];
  let rows = 0;
  const result = await readSheets(input.file, [SPEC], (r: SheetRow<Key>) => {
    rows++;
    const id = normaliseInteger(r.value('id'), { required: true, min: 1 });
    const percent = normaliseNumber(r.value('percent'), { units: ['%'], min: 0, max: 100 });
    const note = normaliseText(r.value('note'), {
      max: 1000,
      multiline: true,
      keepPunctuation: true,
    });
    if (!id.ok)
      errors.push({ sheet: r.sheet, row: r.row, column: r.column('id'), message: id.message });
    if (!percent.ok)
      errors.push({
        sheet: r.sheet,
        row: r.row,
        column: r.column('percent'),
        message: percent.message,
      });
    if (!note.ok)
      errors.push({ sheet: r.sheet, row: r.row, column: r.column('note'), message: note.message });
    if (!id.ok || !percent.ok || !note.ok) return;
    if (percent.value === null && note.value === null) return; // nothing reported for this problem
    if (percent.value === null)
      errors.push({
        sheet: r.sheet,
        row: r.row,
        column: r.column('percent'),
        message: '填写了进展说明，请同时填写本次进度',
      });
    else if (note.value === null)
      errors.push({
        sheet: r.sheet,
        row: r.row,
        column: r.column('note'),
        message: '填写了本次进度，请同时填写进展说明',
      });
    else
      entries.push({
        row: r.row,
        sheet: r.sheet,
        column: r.column('id'),
        id: id.value!,
        percent: percent.value,
        note: note.value,
      });
  });
  for (const issue of result.issues)
    errors.push({
      sheet: issue.sheet,
      row: issue.row ?? 0,
      column: issue.column ?? '',
      message: issue.message,
    });
  if (errors.length > 0) return { rows, updated: 0, errors, dryRun: input.dryRun };
  if (entries.length === 0)
    return {
      rows,
      updated: 0,
      errors: [
        { sheet: PROBLEM_SHEET, row: 0, column: '本次进度(%)', message: '没有填写任何进展' },
      ],
      dryRun: input.dryRun,
    };

  const dept = await loadActorDepartment(db, actor);
  const ROLLBACK = new AppError('RULE_VIOLATION', 'rollback');
  try {
    await db.transaction(async (tx) => {
      for (const e of entries) {
        try {
          await reportProgressIn(tx, actor, dept, e.id, {
            note: e.note,
            percent: e.percent,
            attachmentIds: [],
          });
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          errors.push({
            sheet: e.sheet,
            row: e.row,
            column: e.column,
            message: `问题 ${e.id}：${err.message}`,
          });
        }
      }
      // A dry run, or any refusal, leaves nothing behind.
      if (errors.length > 0 || input.dryRun) throw ROLLBACK;
    });
  } catch (err) {
    if (err !== ROLLBACK) throw err;
  }
  return { rows, updated: errors.length > 0 ? 0 : entries.length, errors, dryRun: input.dryRun };
}
