import { z } from 'zod';

/**
 * The settings page is data-driven: the API describes every business setting it has (key,
 * group, Chinese label, type, bounds, help) and the page renders what it is given. A module
 * adds a setting by registering a descriptor on the API (DEVELOPERS.md, "Settings").
 */
export const SETTING_TYPES = ['integer', 'number', 'boolean', 'text', 'choice'] as const;
export type SettingType = (typeof SETTING_TYPES)[number];

export const settingDescriptor = z.object({
  /** Unique in its group; a dotted path inside a stored object (`weights.closureRate`). */
  key: z.string(),
  label: z.string(),
  help: z.string(),
  type: z.enum(SETTING_TYPES),
  min: z.number().optional(),
  max: z.number().optional(),
  /** The unit shown after the field (天, 工作日, 分). */
  unit: z.string().optional(),
  /** For text: the longest value; multi-line shows a text area. */
  maxLength: z.number().int().optional(),
  multiline: z.boolean().optional(),
  /** For choice: the values and their Chinese names. */
  options: z.array(z.object({ value: z.string(), label: z.string() })).optional(),
});
export type SettingDescriptor = z.infer<typeof settingDescriptor>;

export const settingValue = z.union([z.number(), z.string(), z.boolean()]);
export type SettingValue = z.infer<typeof settingValue>;

export const settingsGroupView = z.object({
  id: z.string(),
  label: z.string(),
  help: z.string(),
  /** False for deployment configuration, which only the server's environment sets. */
  editable: z.boolean(),
  /** Optimistic lock of the group: send it back with a change. */
  version: z.number().int(),
  fields: z.array(settingDescriptor.extend({ value: settingValue })),
});
export type SettingsGroupView = z.infer<typeof settingsGroupView>;

export const settingsGroupUpdate = z.strictObject({
  values: z.record(z.string(), settingValue),
  version: z.number().int(),
});
