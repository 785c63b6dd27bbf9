import { PassThrough } from 'node:stream';
import {
  attachmentHead,
  dataTable,
  officialDocument,
  packDocument,
} from '../../platform/documents/official-document.ts';
import { writeWorkbook, type WriteSheet } from '../../platform/excel/writer.ts';

/**
 * P12: the policy's attachments — 附件1 the leading-group roster, 附件2 the task breakdown — as
 * .docx tables in the GB/T 9704 layout (附件 label, 小标宋 title, repeating header row, page
 * numbers) and as .xlsx.
 */
export type RosterMember = { position: string; title: string; unit: string; name: string | null };
export type TaskLine = {
  seq: number;
  name: string;
  description: string | null;
  leadDepartmentName: string | null;
  responsibleUnits: string[];
  deadline: string | null;
  progressPercent: number;
};

export const ROSTER_TITLE = '淄博市社区配套设施建设工作领导小组组成人员名单';
export const TASKS_TITLE = '社区配套设施规划建设管理工作任务分解表';

const ROSTER_COLUMNS = ['序号', '职务', '姓名', '单位及职务'] as const;
const TASK_COLUMNS = ['序号', '工作任务', '牵头部门', '责任单位', '完成时限', '进展'] as const;

function rosterRows(members: readonly RosterMember[]) {
  return members.map((m, i) => [i + 1, m.position, m.name ?? '', `${m.unit}${m.title}`]);
}

function taskRows(tasks: readonly TaskLine[]) {
  return tasks.map((t) => [
    t.seq,
    t.description ? `${t.name}：${t.description}` : t.name,
    t.leadDepartmentName ?? '',
    t.responsibleUnits.join('；'),
    t.deadline ?? '长期坚持',
    `${Math.round(t.progressPercent)}%`,
  ]);
}

export async function rosterDocx(members: readonly RosterMember[]): Promise<Buffer> {
  return packDocument(
    officialDocument({
      title: ROSTER_TITLE,
      children: [
        ...attachmentHead('附件1', ROSTER_TITLE, { firstPage: true }),
        dataTable({
          columns: ROSTER_COLUMNS.map((header, i) => ({
            header,
            weight: [0.7, 1.3, 1.2, 4.5][i]!,
            align: i === 3 ? ('left' as const) : ('center' as const),
          })),
          rows: rosterRows(members),
        }),
      ],
    }),
  );
}

export async function tasksDocx(tasks: readonly TaskLine[]): Promise<Buffer> {
  return packDocument(
    officialDocument({
      title: TASKS_TITLE,
      children: [
        ...attachmentHead('附件2', TASKS_TITLE, { firstPage: true }),
        dataTable({
          columns: TASK_COLUMNS.map((header, i) => ({
            header,
            weight: [0.6, 4, 1.6, 2, 1.3, 0.8][i]!,
            align: i === 1 || i === 3 ? ('left' as const) : ('center' as const),
          })),
          rows: taskRows(tasks),
          size: 21,
        }),
      ],
    }),
  );
}

async function workbook(sheets: WriteSheet[]): Promise<Buffer> {
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

export function rosterXlsx(members: readonly RosterMember[]): Promise<Buffer> {
  return workbook([
    {
      name: '领导小组名单',
      columns: ROSTER_COLUMNS.map((header, i) => ({ header, width: [8, 14, 12, 50][i] })),
      rows: rosterRows(members),
      blankRows: 0,
    },
  ]);
}

export function tasksXlsx(tasks: readonly TaskLine[]): Promise<Buffer> {
  return workbook([
    {
      name: '任务分解表',
      columns: TASK_COLUMNS.map((header, i) => ({ header, width: [8, 60, 22, 36, 14, 10][i] })),
      rows: taskRows(tasks),
      blankRows: 0,
    },
  ]);
}
