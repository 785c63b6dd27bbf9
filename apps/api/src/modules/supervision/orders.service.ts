import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import {
  ORDER_COLOR_NAMES,
  type OrderInput,
  type OrderStatus,
  type SupervisionOrder,
} from '@zibo/shared';
import type { Db } from '../../platform/db/client.ts';
import { SYSTEM_ACTOR, type Actor } from '../../platform/auth/actor.ts';
import { users } from '../../platform/auth/auth.tables.ts';
import { recordAudit } from '../../platform/audit/record.ts';
import { enqueueJob } from '../../platform/jobs/jobs.ts';
import {
  conflict,
  forbidden,
  invalidTransition,
  notFound,
  validationFailed,
} from '../../platform/http/errors.ts';
import { addDays, todayInShanghai } from '../../platform/time.ts';
import { currentCity } from '../../platform/city.ts';
import { notifyUsers } from '../inbox/index.ts';
import { departments, regions } from '../org/index.ts';
import { problems } from '../problems/index.ts';
import { nextOrderStatus, type OrderAction } from './orders.workflow.ts';
import { supervisionOrderEvents, supervisionOrders } from './supervision.tables.ts';
import { readSupervisionSettings } from './supervision-settings.ts';
import { rowsOf } from './read-model.ts';

type OrderRow = typeof supervisionOrders.$inferSelect;

/** Orders the actor may see: those concerning its region subtree, to or from its department. */
function visible(actor: Actor): SQL {
  const parts: SQL[] = [];
  if (actor.regionCode)
    parts.push(sql`${supervisionOrders.scopeRegionCode} like ${`${actor.regionCode}%`}`);
  if (actor.departmentCode) {
    parts.push(sql`${supervisionOrders.targetCode} = ${actor.departmentCode}`);
    parts.push(sql`${supervisionOrders.raisedByDepartment} = ${actor.departmentCode}`);
  }
  return parts.length ? sql`(${sql.join(parts, sql` or `)})` : sql`false`;
}

const isTarget = (actor: Actor, o: OrderRow) =>
  actor.permissions.has('supervision.answer') &&
  (o.targetCode === actor.departmentCode ||
    (o.targetCode === actor.regionCode && !o.targetCode.includes('-')));

const isRaiser = (actor: Actor, o: OrderRow) =>
  actor.permissions.has('supervision.order') &&
  (actor.roles.includes('office') ||
    (!!actor.departmentCode && o.raisedByDepartment === actor.departmentCode));

function abilities(actor: Actor, o: OrderRow) {
  const can = (a: OrderAction, who: boolean) => who && nextOrderStatus(o.status, a).ok;
  return {
    sign: can('sign', isTarget(actor, o)),
    reply: can('reply', isTarget(actor, o)),
    close: can('close', isRaiser(actor, o)),
    return: can('return', isRaiser(actor, o)),
    cancel: can('cancel', isRaiser(actor, o)),
  };
}

function view(actor: Actor, o: OrderRow, today = todayInShanghai()): SupervisionOrder {
  const signedDay = o.signedAt ? todayInShanghai(o.signedAt) : null;
  const repliedDay = o.repliedAt ? todayInShanghai(o.repliedAt) : null;
  return {
    id: o.id,
    color: o.color,
    source: o.source,
    title: o.title,
    body: o.body,
    targetCode: o.targetCode,
    targetName: o.targetName,
    problemId: o.problemId,
    raisedByName: o.raisedByName,
    raisedAt: o.raisedAt.toISOString(),
    signDueDate: o.signDueDate,
    replyDueDate: o.replyDueDate,
    status: o.status,
    signedAt: o.signedAt?.toISOString() ?? null,
    signedByName: o.signedByName,
    reply: o.reply,
    repliedAt: o.repliedAt?.toISOString() ?? null,
    closedAt: o.closedAt?.toISOString() ?? null,
    signLate:
      o.status !== 'cancelled' && (signedDay ? signedDay > o.signDueDate : today > o.signDueDate),
    replyLate:
      o.status !== 'cancelled' &&
      (repliedDay
        ? repliedDay > o.replyDueDate
        : (o.status === 'issued' || o.status === 'signed') && today > o.replyDueDate),
    version: o.version,
    abilities: abilities(actor, o),
  };
}

export async function findOrders(input: {
  db: Db;
  actor: Actor;
  status?: OrderStatus | undefined;
  color?: string | undefined;
  mine?: boolean | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}) {
  const { db, actor } = input;
  const where = and(
    visible(actor),
    input.status ? eq(supervisionOrders.status, input.status) : undefined,
    input.color ? eq(supervisionOrders.color, input.color as OrderRow['color']) : undefined,
    input.mine
      ? sql`${supervisionOrders.targetCode} in (${actor.regionCode ?? ''}, ${actor.departmentCode ?? ''})`
      : undefined,
  );
  const [rows, [count]] = await Promise.all([
    db
      .select()
      .from(supervisionOrders)
      .where(where)
      .orderBy(desc(supervisionOrders.raisedAt), desc(supervisionOrders.id))
      .limit(input.limit ?? 50)
      .offset(input.offset ?? 0),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(supervisionOrders)
      .where(where),
  ]);
  const today = todayInShanghai();
  return { items: rows.map((o) => view(actor, o, today)), total: count?.n ?? 0 };
}

async function loadVisible(db: Db, actor: Actor, id: number, lock = false): Promise<OrderRow> {
  const q = db
    .select()
    .from(supervisionOrders)
    .where(and(eq(supervisionOrders.id, id), visible(actor)));
  const [row] = lock ? await q.for('update') : await q;
  if (!row) throw notFound('督办单');
  return row;
}

export async function findOrder(input: { db: Db; actor: Actor; id: number }) {
  const o = await loadVisible(input.db, input.actor, input.id);
  const events = await input.db
    .select()
    .from(supervisionOrderEvents)
    .where(eq(supervisionOrderEvents.orderId, o.id))
    .orderBy(supervisionOrderEvents.at, supervisionOrderEvents.id);
  return {
    ...view(input.actor, o),
    events: events.map((e) => ({
      action: e.action,
      actorName: e.actorName,
      comment: e.comment,
      at: e.at.toISOString(),
    })),
  };
}

/** The unit an order goes to: a district or street in scope, or a department in scope. */
async function resolveTarget(db: Db, actor: Actor, code: string) {
  const own = actor.regionCode ?? '';
  if (code.includes('-')) {
    const [d] = await db.select().from(departments).where(eq(departments.code, code));
    if (!d || !d.regionCode.startsWith(own.slice(0, Math.min(own.length, 6))) || !own)
      throw validationFailed([{ path: 'targetCode', message: '督办对象不存在或不在本级范围' }]);
    return { code: d.code, name: d.name, scopeRegionCode: d.regionCode };
  }
  const [r] = await db.select().from(regions).where(eq(regions.code, code));
  if (!r || !own || !r.code.startsWith(own) || !['district', 'street'].includes(r.level))
    throw validationFailed([{ path: 'targetCode', message: '督办对象应为本级范围内的区县或镇街' }]);
  return { code: r.code, name: r.name, scopeRegionCode: r.code };
}

/** Active accounts of the receiving unit (its region's district/street accounts, or its department). */
async function targetUsers(db: Db, targetCode: string): Promise<number[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.disabled, false),
        targetCode.includes('-')
          ? eq(users.departmentCode, targetCode)
          : and(
              eq(users.regionCode, targetCode),
              sql`(${users.roles} && array['district', 'street']::text[])`,
            ),
      ),
    );
  return rows.map((r) => r.id);
}

async function officeAndRaiser(db: Db, o: OrderRow): Promise<number[]> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.disabled, false),
        sql`('office' = any(${users.roles}) ${o.raisedBy ? sql`or ${users.id} = ${o.raisedBy}` : sql``}
          ${o.raisedByDepartment ? sql`or ${users.departmentCode} = ${o.raisedByDepartment}` : sql``})`,
      ),
    );
  return rows.map((r) => r.id);
}

/** The office or a lead department raises an order by hand. */
export async function raiseOrder(input: { db: Db; actor: Actor; data: OrderInput }) {
  const { db, actor, data } = input;
  const settings = await readSupervisionSettings(db);
  const today = todayInShanghai();
  const target = await resolveTarget(db, actor, data.targetCode);
  const signDueDate = data.signDueDate ?? addDays(today, settings.orderRules.signDays);
  const replyDueDate = data.replyDueDate ?? addDays(today, settings.orderRules.replyDays);
  if (replyDueDate < signDueDate)
    throw validationFailed([{ path: 'replyDueDate', message: '答复时限不能早于签收时限' }]);
  if (data.problemId) {
    const [p] = await db
      .select({ id: problems.id, regionCode: problems.regionCode })
      .from(problems)
      .where(eq(problems.id, data.problemId));
    if (!p || !actor.regionCode || !p.regionCode.startsWith(actor.regionCode))
      throw validationFailed([{ path: 'problemId', message: '关联的问题不存在' }]);
  }
  const id = await db.transaction(async (tx) => {
    const [o] = await tx
      .insert(supervisionOrders)
      .values({
        color: data.color,
        source: 'manual',
        title: data.title,
        body: data.body,
        targetCode: target.code,
        targetName: target.name,
        scopeRegionCode: target.scopeRegionCode,
        problemId: data.problemId ?? null,
        raisedBy: actor.id,
        raisedByName: actor.displayName,
        raisedByDepartment: actor.roles.includes('office') ? null : actor.departmentCode,
        signDueDate,
        replyDueDate,
      })
      .returning();
    await tx.insert(supervisionOrderEvents).values({
      orderId: o!.id,
      action: 'raise',
      actorId: actor.id,
      actorName: actor.displayName,
      comment: `${ORDER_COLOR_NAMES[o!.color]}：${o!.title}`,
    });
    await recordAudit(tx, {
      actor,
      action: 'supervision.order.raise',
      entity: 'supervision_order',
      entityId: o!.id,
      after: o,
    });
    await notifyUsers(tx, await targetUsers(tx, target.code), {
      kind: 'supervision.order',
      title: `${ORDER_COLOR_NAMES[o!.color]}：${o!.title}`,
      body: `请于 ${signDueDate} 前签收，${replyDueDate} 前答复`,
      entity: 'supervision_order',
      entityId: o!.id,
      eventKey: `order:${o!.id}:raise`,
    });
    return o!.id;
  });
  return findOrder({ db, actor, id });
}

/** Sign, reply, close, return or cancel; refuses what the life-cycle does not allow (409). */
export async function actOnOrder(input: {
  db: Db;
  actor: Actor;
  id: number;
  action: OrderAction;
  version: number;
  reply?: string | undefined;
  comment?: string | null | undefined;
}) {
  const { db, actor, id, action } = input;
  await db.transaction(async (tx) => {
    const o = await loadVisible(tx, actor, id, true);
    const t = nextOrderStatus(o.status, action);
    if (!t.ok) throw invalidTransition(t.message);
    const allowed =
      action === 'sign' || action === 'reply' ? isTarget(actor, o) : isRaiser(actor, o);
    if (!allowed) throw forbidden();
    if (o.version !== input.version) throw conflict();
    if (action === 'return' && !input.comment?.trim())
      throw validationFailed([{ path: 'comment', message: '退回须说明理由' }], '退回须说明理由');
    const now = new Date();
    const set: Partial<OrderRow> = { status: t.to, version: o.version + 1 };
    if (action === 'sign') Object.assign(set, { signedAt: now, signedByName: actor.displayName });
    if (action === 'reply') Object.assign(set, { reply: input.reply ?? '', repliedAt: now });
    if (action === 'return') Object.assign(set, { repliedAt: null });
    if (action === 'close' || action === 'cancel') Object.assign(set, { closedAt: now });
    const [after] = await tx
      .update(supervisionOrders)
      .set(set)
      .where(eq(supervisionOrders.id, id))
      .returning();
    const comment = action === 'reply' ? (input.reply ?? null) : (input.comment ?? null);
    await tx.insert(supervisionOrderEvents).values({
      orderId: id,
      action,
      actorId: actor.id,
      actorName: actor.displayName,
      comment,
    });
    await recordAudit(tx, {
      actor,
      action: `supervision.order.${action}`,
      entity: 'supervision_order',
      entityId: id,
      before: o,
      after,
    });
    const names: Record<OrderAction, string> = {
      sign: '已签收',
      reply: '已答复',
      close: '已办结',
      return: '答复被退回',
      cancel: '已撤销',
    };
    const to =
      action === 'sign' || action === 'reply'
        ? await officeAndRaiser(tx, o)
        : await targetUsers(tx, o.targetCode);
    await notifyUsers(tx, to, {
      kind: 'supervision.order',
      title: `督办单 #${id} ${names[action]}：${o.title}`,
      body: comment ?? `${o.targetName}${names[action]}`,
      entity: 'supervision_order',
      entityId: id,
      eventKey: `order:${id}:${action}:${after!.version}`,
    });
  });
  return findOrder({ db, actor, id });
}

export const ORDER_RULES_JOB = 'supervision.order_rules';

/** Schedules today's rule scan; whichever process schedules first wins (dedupe key = the date). */
export async function scheduleOrderRules(db: Db, today = todayInShanghai()): Promise<boolean> {
  return enqueueJob(db, { kind: ORDER_RULES_JOB, dedupeKey: today, payload: { today } });
}

/**
 * The daily job (P11): raises blue, yellow and red orders from problem deadlines by the office's
 * rules. Each order's dedupe key names the problem, colour and deadline, so two runners — or two
 * runs — raise it once (unique index, ON CONFLICT DO NOTHING).
 */
export async function applyOrderRules(
  db: Db,
  today = todayInShanghai(),
): Promise<{ raised: number }> {
  const settings = await readSupervisionSettings(db);
  const r = settings.orderRules;
  if (!r.enabled) return { raised: 0 };
  const signDue = addDays(today, r.signDays);
  const replyDue = addDays(today, r.replyDays);
  const t = sql`${today}::date`;
  const created = sql`(p.created_at at time zone 'Asia/Shanghai')::date`;
  const color = sql`case
    when p.deadline <= ${t} - ${r.redDaysOverdue}::int and p.deadline < ${t} then 'red'
    when p.deadline >= ${t} and p.deadline - ${t} <= ${r.blueDaysBefore}::int then 'blue'
    when p.deadline > ${t} and p.deadline > ${created}
      and p.progress_percent < 100.0 * (${t} - ${created}) / (p.deadline - ${created})
        - ${r.yellowBehindPoints} then 'yellow'
    end`;
  const res = await rowsOf<{
    id: number;
    targetCode: string;
    title: string;
    color: 'blue' | 'yellow' | 'red';
  }>(
    db,
    sql`
    insert into supervision_orders (city_code, color, source, title, body, target_code, target_name,
      scope_region_code, problem_id, dedupe_key, raised_by_name, sign_due_date, reply_due_date)
    select ${currentCity().code}, c.color, 'auto',
      '问题 #' || c.id || ' ' || c.title,
      case c.color
        when 'red' then '整改时限 ' || c.deadline || ' 已过，请立即整改并说明逾期原因'
        when 'blue' then '整改时限 ' || c.deadline || ' 临近，请确保按期完成'
        else '整改进度 ' || round(c.progress_percent)::int || '%，落后于计划进度，请加快推进' end,
      c.district, r.name, c.district, c.id,
      'auto:' || c.color || ':problem:' || c.id || ':' || c.deadline, '系统（自动督办）',
      ${signDue}::date, ${replyDue}::date
    from (select p.id, p.title, p.deadline, p.progress_percent, left(p.region_code, 6) as district,
            ${color} as color
          from problems p where p.status <> 'closed' and p.deadline is not null) c
    join regions r on r.code = c.district
    where c.color is not null
    on conflict (dedupe_key) do nothing
    returning id, target_code as "targetCode", title, color`,
  );
  const raised = res;
  if (raised.length === 0) return { raised: 0 };
  await db.transaction(async (tx) => {
    await tx.insert(supervisionOrderEvents).values(
      raised.map((o) => ({
        orderId: o.id,
        action: 'raise',
        actorName: '系统（自动督办）',
        comment: `${ORDER_COLOR_NAMES[o.color]}：按督办规则自动生成`,
      })),
    );
    await recordAudit(tx, {
      actor: SYSTEM_ACTOR,
      action: 'supervision.order.auto',
      entity: 'supervision_order',
      after: { today, ids: raised.map((o) => o.id) },
    });
    const byTarget = new Map<string, typeof raised>();
    for (const o of raised) byTarget.set(o.targetCode, [...(byTarget.get(o.targetCode) ?? []), o]);
    for (const [target, list] of byTarget) {
      const who = await targetUsers(tx, target);
      for (const o of list)
        await notifyUsers(tx, who, {
          kind: 'supervision.order',
          title: `${ORDER_COLOR_NAMES[o.color]}：${o.title}`,
          body: `请于 ${signDue} 前签收，${replyDue} 前答复`,
          entity: 'supervision_order',
          entityId: o.id,
          eventKey: `order:${o.id}:raise`,
        });
    }
  });
  return { raised: raised.length };
}
