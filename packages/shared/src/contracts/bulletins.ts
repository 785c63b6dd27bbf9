import { z } from 'zod';
import { lateEntry, supervisionDepartmentRow, supervisionRegionRow } from './supervision.ts';

/** 定期通报 (P11): a numbered bulletin whose figures are frozen when it is drafted. */
export const BULLETIN_STATUSES = ['draft', 'issued'] as const;
export type BulletinStatus = (typeof BULLETIN_STATUSES)[number];
export const BULLETIN_STATUS_NAMES: Record<BulletinStatus, string> = {
  draft: '草稿',
  issued: '已印发',
};

export const bulletinSnapshot = z.object({
  asOf: z.string(),
  regionCode: z.string(),
  regionName: z.string(),
  totals: z.object({
    problems: z.number().int(),
    closed: z.number().int(),
    overdue: z.number().int(),
    closureRate: z.number(),
  }),
  /** The rows of the supervision overview as they were when the draft was made. */
  regions: z.array(supervisionRegionRow),
  departments: z.array(supervisionDepartmentRow),
  late: z.array(lateEntry),
  /** Every late entry counted, of which `late` holds the first (most late) ones; older snapshots lack it. */
  lateTotal: z.number().int().optional(),
  previous: z
    .object({
      id: z.number().int(),
      issueNo: z.number().int(),
      docNumber: z.string(),
      closureRate: z.number(),
      closed: z.number().int(),
    })
    .nullable(),
});
export type BulletinSnapshot = z.infer<typeof bulletinSnapshot>;

const section = z.string().max(20_000, { message: '内容不能超过20000字' });

export const bulletinNarrative = z.object({
  overall: section,
  ranking: section,
  problems: section,
  requirements: section,
});
export type BulletinNarrative = z.infer<typeof bulletinNarrative>;

export const bulletinCreateBody = z.strictObject({
  periodStart: z.iso.date({ message: '日期格式应为 YYYY-MM-DD' }),
  periodEnd: z.iso.date({ message: '日期格式应为 YYYY-MM-DD' }),
});

export const bulletinPatchBody = z.strictObject({
  version: z.number().int(),
  title: z.string().min(1, { message: '标题不能为空' }).max(200).optional(),
  overall: section.optional(),
  ranking: section.optional(),
  problems: section.optional(),
  requirements: section.optional(),
});

export const bulletinRecipient = z.object({
  unitKind: z.enum(['region', 'department']),
  unitCode: z.string(),
  unitName: z.string(),
  signedAt: z.string().nullable(),
  signedBy: z.string().nullable(),
});

export const bulletinSummary = z.object({
  id: z.number().int(),
  issueNo: z.number().int(),
  year: z.number().int(),
  docNumber: z.string(),
  title: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  status: z.enum(BULLETIN_STATUSES),
  issuedAt: z.string().nullable(),
  /** For a recipient: whether its unit has signed; null for others. */
  signed: z.boolean().nullable(),
  signedCount: z.number().int(),
  recipientCount: z.number().int(),
});

export type BulletinSummary = z.infer<typeof bulletinSummary>;

export const bulletinDetail = bulletinSummary.extend({
  snapshot: bulletinSnapshot,
  narrative: bulletinNarrative,
  recipients: z.array(bulletinRecipient),
  version: z.number().int(),
  createdAt: z.string(),
  snapshotHash: z.string(),
  documentHash: z.string().nullable(),
  abilities: z.object({
    edit: z.boolean(),
    issue: z.boolean(),
    sign: z.boolean(),
  }),
});
export type BulletinDetail = z.infer<typeof bulletinDetail>;

export const bulletinSettings = z.object({
  /** 发文机关标志 and 署名. */
  issuer: z.string().min(1).max(60),
  /** 机关代字 before 〔year〕, e.g. "淄社配办". */
  docNumberPrefix: z.string().min(1).max(20),
  addressees: z.string().max(300),
  copyTo: z.string().max(300),
  /** Scheduled drafts: off, or monthly on `day` for the previous month. */
  schedule: z.enum(['off', 'monthly']),
  scheduleDay: z.number().int().min(1).max(28),
});
export type BulletinSettings = z.infer<typeof bulletinSettings>;

export const DEFAULT_BULLETIN_SETTINGS: BulletinSettings = {
  issuer: '淄博市社区配套设施建设工作领导小组办公室',
  docNumberPrefix: '淄社配办',
  addressees: '各区县人民政府，高新区、经济开发区、文昌湖区管委会，市直有关部门',
  copyTo: '市委办公室，市人大常委会办公室，市政府办公室，市政协办公室',
  schedule: 'monthly',
  scheduleDay: 5,
};
