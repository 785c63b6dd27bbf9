import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { settingsGroupUpdate, settingsGroupView } from '@zibo/shared';
import { actorOf } from '../../platform/http/request.ts';
import { readSettingsGroups, updateSettingsGroup } from './settings-registry.ts';

/**
 * The settings page's API: every registered group the account may use, with descriptors and
 * values; a change to one group. Which groups an account sees is each group's permissions.
 */
export const settingsGroupsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;

  app.get(
    '/settings/groups',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['reference'],
        summary:
          '系统设置：本账号可修改的全部设置项（分组、中文名称、类型、取值范围、说明、当前值）',
        response: { 200: z.object({ groups: z.array(settingsGroupView) }) },
      },
    },
    async (request) => ({ groups: await readSettingsGroups({ db, config }, actorOf(request)) }),
  );

  app.put(
    '/settings/groups/:id',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['reference'],
        summary: '修改一组系统设置（按设置项说明校验，记入审计日志）',
        params: z.object({ id: z.string().max(60) }),
        body: settingsGroupUpdate,
        response: { 200: settingsGroupView },
      },
    },
    async (request) =>
      updateSettingsGroup({
        ctx: { db, config },
        actor: actorOf(request),
        id: request.params.id,
        values: request.body.values,
        version: request.body.version,
      }),
  );
};
