import { z } from 'zod';

export const auditEvent = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string().nullable(),
  actorId: z.number().int().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  ip: z.string().nullable(),
  hash: z.string(),
});
export type AuditEventRecord = z.infer<typeof auditEvent>;

export const auditQuery = z.object({
  entity: z.string().max(64).optional(),
  actor: z.string().max(64).optional(),
  action: z.string().max(64).optional(),
  from: z.string().max(40).optional(),
  to: z.string().max(40).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});

export const auditVerifyResponse = z.object({
  ok: z.boolean(),
  count: z.number().int(),
  firstBadSeq: z.number().int().nullable(),
});
