import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { notFound } from '../../platform/http/errors.ts';
import { notifications } from './inbox.tables.ts';

export type Notice = {
  kind: string;
  title: string;
  body: string;
  entity?: string | null;
  entityId?: string | number | null;
  /** Identifies the event: a user gets a given event once, however often it is sent. */
  eventKey: string;
};

/** Delivers a notice to each user once (a repeated event key is ignored). Returns how many were new. */
export async function notifyUsers(
  db: Db,
  userIds: Iterable<number>,
  notice: Notice,
): Promise<number> {
  const ids = [...new Set(userIds)];
  if (ids.length === 0) return 0;
  const rows = await db
    .insert(notifications)
    .values(
      ids.map((userId) => ({
        userId,
        kind: notice.kind,
        title: notice.title,
        body: notice.body,
        entity: notice.entity ?? null,
        entityId:
          notice.entityId === undefined || notice.entityId === null
            ? null
            : String(notice.entityId),
        eventKey: notice.eventKey,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: notifications.id });
  return rows.length;
}

export async function findNotifications(input: {
  db: Db;
  actor: Actor;
  unreadOnly: boolean;
  page: number;
  pageSize: number;
}) {
  const { db, actor } = input;
  const where = and(
    eq(notifications.userId, actor.id),
    input.unreadOnly ? isNull(notifications.readAt) : undefined,
  );
  const rows = await db
    .select()
    .from(notifications)
    .where(where)
    .orderBy(desc(notifications.id))
    .limit(input.pageSize)
    .offset((input.page - 1) * input.pageSize);
  const [counts] = await db
    .select({
      total: sql<number>`count(*)::int`,
      unread: sql<number>`count(*) filter (where ${notifications.readAt} is null)::int`,
    })
    .from(notifications)
    .where(eq(notifications.userId, actor.id));
  return {
    items: rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      title: r.title,
      body: r.body,
      entity: r.entity,
      entityId: r.entityId,
      read: r.readAt !== null,
      createdAt: r.createdAt.toISOString(),
    })),
    total: input.unreadOnly ? (counts?.unread ?? 0) : (counts?.total ?? 0),
    unread: counts?.unread ?? 0,
  };
}

export async function markRead(input: { db: Db; actor: Actor; id?: number }) {
  const { db, actor } = input;
  const rows = await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(
      and(
        eq(notifications.userId, actor.id),
        isNull(notifications.readAt),
        input.id !== undefined ? eq(notifications.id, input.id) : undefined,
      ),
    )
    .returning({ id: notifications.id });
  if (input.id !== undefined && rows.length === 0) {
    const [exists] = await db
      .select({ id: notifications.id })
      .from(notifications)
      .where(and(eq(notifications.userId, actor.id), eq(notifications.id, input.id)));
    if (!exists) throw notFound('消息');
  }
  return { updated: rows.length };
}
