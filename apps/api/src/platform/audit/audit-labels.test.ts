import { describe, expect, it } from 'vitest';
import {
  AUDIT_ACTION_NAMES,
  AUDIT_ENTITY_NAMES,
  auditActionName,
  auditSubject,
} from '@zibo/shared';

/*
 * The auditor reads the log in Chinese (等保: audit records must be intelligible to the audit
 * administrator). `recordAudit` accepts only actions and entities named in @zibo/shared's
 * audit-labels.ts, so the type check keeps every new action named; these tests keep the names
 * usable: each one distinct (the 操作 filter lists them) and written in Chinese.
 */
const CJK = /[\u4e00-\u9fff]/;

describe('audit labels', () => {
  it('names each action once, in Chinese', () => {
    const names = Object.values(AUDIT_ACTION_NAMES);
    const repeated = names.filter((n, i) => names.indexOf(n) !== i);
    expect(repeated).toEqual([]);
    expect(names.filter((n) => !CJK.test(n))).toEqual([]);
  });

  it('names each entity once, in Chinese', () => {
    const names = Object.values(AUDIT_ENTITY_NAMES);
    expect(new Set(names).size).toBe(names.length);
    expect(names.filter((n) => !CJK.test(n))).toEqual([]);
  });

  it('reads the modules added for supervision, bulletins and residents (P11, P13)', () => {
    expect(auditActionName('bulletin.issue')).toBe('印发通报');
    expect(auditActionName('supervision.order.auto')).toBe('按督办规则自动生成督办单');
    expect(auditActionName('feedback.contact_reveal')).toBe('查看居民联系电话');
    expect(auditSubject('supervision_order', 7)).toBe('督办单（编号 7）');
    // A code recorded by an older version and since renamed still reads as Chinese.
    expect(auditActionName('bulletin.withdrawn')).toBe('通报相关操作');
    expect(auditActionName('unknown.thing')).toBe('其他操作');
  });
});
