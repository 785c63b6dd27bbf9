import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  changePasswordBody,
  createUserBody,
  grantsBody,
  idParam,
  loginBody,
  loginResponse,
  meResponse,
  pageOf,
  resetPasswordBody,
  sessionUser,
  updateUserBody,
  userRecord,
  usersQuery,
} from '@zibo/shared';
import { eq } from 'drizzle-orm';
import { SESSION_COOKIE } from '../../platform/auth/sessions.ts';
import { users } from '../../platform/auth/auth.tables.ts';
import { actorOf } from '../../platform/http/request.ts';
import { AppError } from '../../platform/http/errors.ts';
import { changePassword, presentSessionUser, signIn, signOut } from './sign-in.service.ts';
import { completeMfaSignIn, confirmMfa, enrolMfa, resetMfa } from './mfa.service.ts';
import {
  createUser,
  findUser,
  findUsers,
  resetPassword,
  setGrants,
  updateUser,
} from './users.service.ts';

export const accountsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const cookieOptions = {
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: config.cookieSecure,
    path: '/',
  };

  app.post(
    '/auth/login',
    {
      config: { permission: 'public', skipCsrf: true },
      schema: {
        tags: ['auth'],
        summary: '登录：返回用户和 CSRF 令牌，并设置 HttpOnly 会话 Cookie',
        body: loginBody,
        response: {
          200: z.union([loginResponse, z.object({ mfaRequired: z.literal(true) })]),
        },
      },
    },
    async (request, reply) => {
      const result = await signIn({
        db,
        config,
        username: request.body.username,
        password: request.body.password,
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
      });
      reply.setCookie(SESSION_COOKIE, result.token, cookieOptions);
      if (result.mfaRequired) return { mfaRequired: true as const };
      return { user: result.user, csrfToken: result.csrfToken };
    },
  );

  // Second factor (issue 11; API.md Auth): TOTP after the password, enrolment, reset.
  const codeBody = z.strictObject({ code: z.string().trim().min(1).max(32) });
  app.post(
    '/auth/mfa',
    {
      config: { permission: 'public', skipCsrf: true },
      schema: {
        tags: ['auth'],
        summary: '登录第二步：输入动态验证码（或一次性恢复码），返回用户和 CSRF 令牌',
        body: codeBody,
        response: { 200: loginResponse },
      },
    },
    async (request) =>
      completeMfaSignIn({
        db,
        config,
        token: request.cookies[SESSION_COOKIE],
        code: request.body.code,
        ip: request.ip,
      }),
  );

  app.post(
    '/auth/mfa/enroll',
    {
      config: { permission: 'authenticated', allowDuringMfaEnrolment: true },
      schema: {
        tags: ['auth'],
        summary: '开始绑定动态验证码：返回密钥（base32）和 otpauth URI',
        response: { 200: z.object({ secret: z.string(), otpauthUri: z.string() }) },
      },
    },
    async (request) => enrolMfa({ db, config, actor: actorOf(request) }),
  );

  app.post(
    '/auth/mfa/confirm',
    {
      config: { permission: 'authenticated', allowDuringMfaEnrolment: true },
      schema: {
        tags: ['auth'],
        summary: '确认绑定动态验证码：返回 10 个一次性恢复码（仅显示一次）',
        body: codeBody,
        response: { 200: z.object({ recoveryCodes: z.array(z.string()) }) },
      },
    },
    async (request) => confirmMfa({ db, config, actor: actorOf(request), code: request.body.code }),
  );

  app.post(
    '/users/:id/mfa/reset',
    {
      config: { permission: 'grants.manage' },
      schema: {
        tags: ['accounts'],
        summary: '重置账号的动态验证码（安全管理员）；该账号下次登录时重新绑定',
        params: idParam,
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (request) => {
      await resetMfa({ db, actor: actorOf(request), id: request.params.id });
      return { ok: true as const };
    },
  );

  app.get(
    '/auth/me',
    {
      config: { permission: 'authenticated', allowDuringPasswordChange: true },
      schema: { tags: ['auth'], summary: '当前用户', response: { 200: meResponse } },
    },
    async (request) => {
      const actor = actorOf(request);
      const [u] = await db.select().from(users).where(eq(users.id, actor.id));
      if (!u) throw new AppError('UNAUTHENTICATED', '请先登录');
      return {
        user: { ...presentSessionUser(u), mfaEnrolmentRequired: request.mfaEnrolmentRequired },
        csrfToken: request.csrfToken ?? '',
      };
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { permission: 'authenticated', allowDuringPasswordChange: true },
      schema: {
        tags: ['auth'],
        summary: '退出登录',
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async (request, reply) => {
      await signOut({ db, actor: actorOf(request) });
      reply.clearCookie(SESSION_COOKIE, cookieOptions);
      return { ok: true as const };
    },
  );

  app.post(
    '/auth/change-password',
    {
      config: { permission: 'authenticated', allowDuringPasswordChange: true },
      schema: {
        tags: ['auth'],
        summary: '修改本人密码（管理员设置的初始密码须先修改）',
        body: changePasswordBody,
        response: { 200: z.object({ user: sessionUser }) },
      },
    },
    async (request) => {
      const user = await changePassword({ db, actor: actorOf(request), ...request.body });
      return { user };
    },
  );

  app.get(
    '/users',
    {
      config: { permission: 'users.read' },
      schema: {
        tags: ['accounts'],
        summary: '账号列表',
        querystring: usersQuery,
        response: { 200: pageOf(userRecord) },
      },
    },
    async (request) => findUsers({ db, actor: actorOf(request), ...request.query }),
  );

  app.post(
    '/users',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags: ['accounts'],
        summary: '创建账号（无角色；首次登录须修改密码）',
        body: createUserBody,
        response: { 201: userRecord },
      },
    },
    async (request, reply) => {
      const user = await createUser({ db, actor: actorOf(request), ...request.body });
      return reply.status(201).send(user);
    },
  );

  app.get(
    '/users/:id',
    {
      config: { permission: 'users.read' },
      schema: {
        tags: ['accounts'],
        summary: '单个账号',
        params: idParam,
        response: { 200: userRecord },
      },
    },
    async (request) => findUser(db, actorOf(request), request.params.id),
  );

  app.patch(
    '/users/:id',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags: ['accounts'],
        summary: '修改账号（姓名、停用/启用、解锁）',
        params: idParam,
        body: updateUserBody,
        response: { 200: userRecord },
      },
    },
    async (request) =>
      updateUser({ db, actor: actorOf(request), id: request.params.id, ...request.body }),
  );

  app.post(
    '/users/:id/reset-password',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags: ['accounts'],
        summary: '重置密码（账号下次登录须修改）',
        params: idParam,
        body: resetPasswordBody,
        response: { 200: userRecord },
      },
    },
    async (request) =>
      resetPassword({
        db,
        actor: actorOf(request),
        id: request.params.id,
        password: request.body.password,
      }),
  );

  app.put(
    '/users/:id/grants',
    {
      config: { permission: 'grants.manage' },
      schema: {
        tags: ['accounts'],
        summary: '授予角色和数据范围（安全管理员）',
        params: idParam,
        body: grantsBody,
        response: { 200: userRecord },
      },
    },
    async (request) =>
      setGrants({ db, actor: actorOf(request), id: request.params.id, ...request.body }),
  );
};
