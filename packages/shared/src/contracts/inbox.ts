import { z } from 'zod';

export const noticesQuery = z.object({
  unread: z.enum(['true', 'false']).default('false'),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});

/** A notice in the user's inbox: reminders, escalations, instructions, workflow steps. */
export const notice = z.object({
  id: z.number().int(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  entity: z.string().nullable(),
  entityId: z.string().nullable(),
  read: z.boolean(),
  createdAt: z.string(),
});
export type Notice = z.infer<typeof notice>;

export const noticePage = z.object({
  items: z.array(notice),
  total: z.number().int(),
  unread: z.number().int(),
});
export type NoticePage = z.infer<typeof noticePage>;

export const markReadResult = z.object({ updated: z.number().int() });
export type MarkReadResult = z.infer<typeof markReadResult>;
