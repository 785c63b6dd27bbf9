import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../platform/http/request.ts';
import { findLeadingGroup, findTasks } from '../supervision/index.ts';
import {
  ROSTER_TITLE,
  TASKS_TITLE,
  rosterDocx,
  rosterXlsx,
  tasksDocx,
  tasksXlsx,
} from './policy-attachments.ts';

const TYPES = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** P12: 附件1 (leading-group roster) and 附件2 (task breakdown) as documents. */
export const policyAttachmentsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;
  for (const format of ['docx', 'xlsx'] as const) {
    app.get(
      `/documents/leading-group.${format}`,
      {
        config: { permission: 'tasks.read' },
        schema: {
          tags: ['bulletins'],
          summary: `附件1 领导小组组成人员名单（.${format}）`,
        },
      },
      async (_request, reply) => {
        const { members } = await findLeadingGroup(db);
        const bytes = format === 'docx' ? await rosterDocx(members) : await rosterXlsx(members);
        return reply
          .header('content-type', TYPES[format])
          .header(
            'content-disposition',
            `attachment; filename*=UTF-8''${encodeURIComponent(`附件1 ${ROSTER_TITLE}.${format}`)}`,
          )
          .send(bytes);
      },
    );
    app.get(
      `/documents/tasks.${format}`,
      {
        config: { permission: 'tasks.read' },
        schema: {
          tags: ['bulletins'],
          summary: `附件2 工作任务分解表（.${format}）`,
        },
      },
      async (request, reply) => {
        const { items } = await findTasks({ db, actor: actorOf(request) });
        const bytes = format === 'docx' ? await tasksDocx(items) : await tasksXlsx(items);
        return reply
          .header('content-type', TYPES[format])
          .header(
            'content-disposition',
            `attachment; filename*=UTF-8''${encodeURIComponent(`附件2 ${TASKS_TITLE}.${format}`)}`,
          )
          .send(bytes);
      },
    );
  }
};
