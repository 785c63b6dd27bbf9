import { z } from 'zod';
import { CATEGORY_CODES } from '../categories.ts';
import { ROLE_CODES } from '../roles.ts';
import { passwordProblem } from '../password.ts';
import { regionCodeSchema, requiredText } from './common.ts';

export const passwordSchema = z
  .string()
  .max(128)
  .superRefine((pw, ctx) => {
    const problem = passwordProblem(pw);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const usernameSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z][A-Za-z0-9_.-]{2,31}$/, {
    message: '用户名须以字母开头，3–32 位字母、数字、下划线、点或连字符',
  });

export const userRecord = z.object({
  id: z.number().int(),
  username: z.string(),
  displayName: z.string(),
  roles: z.array(z.enum(ROLE_CODES)),
  regionCode: z.string().nullable(),
  regionName: z.string().nullable(),
  departmentCode: z.string().nullable(),
  departmentName: z.string().nullable(),
  categories: z.array(z.enum(CATEGORY_CODES)),
  disabled: z.boolean(),
  locked: z.boolean(),
  mustChangePassword: z.boolean(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
  version: z.number().int(),
  abilities: z.record(z.string(), z.boolean()),
});
export type UserRecord = z.infer<typeof userRecord>;

export const createUserBody = z.strictObject({
  username: usernameSchema,
  displayName: requiredText(64),
  password: passwordSchema,
  regionCode: regionCodeSchema,
  departmentCode: z.string().max(64).nullish(),
});

export const updateUserBody = z.strictObject({
  displayName: requiredText(64).optional(),
  disabled: z.boolean().optional(),
  unlock: z.boolean().optional(),
  version: z.number().int().optional(),
});

export const resetPasswordBody = z.strictObject({ password: passwordSchema });

export const grantsBody = z.strictObject({
  roles: z.array(z.enum(ROLE_CODES)).max(5),
  regionCode: regionCodeSchema,
  categories: z.array(z.enum(CATEGORY_CODES)).max(6),
  departmentCode: z.string().max(64).nullish(),
  version: z.number().int().optional(),
});

export const usersQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(20),
  q: z.string().trim().max(64).optional(),
  role: z.enum(ROLE_CODES).optional(),
});
