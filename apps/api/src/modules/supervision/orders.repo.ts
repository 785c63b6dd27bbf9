import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { day, rowsOf } from './read-model.ts';

export type OrderFigures = { unit: string; due: number; onTime: number };

/**
 * Orders per receiving unit: due once the sign-off date has passed or it is signed; on time when
 * signed by its sign-off date and replied by its reply date (or the reply is not due yet).
 */
export async function orderFigures(db: Db, input: { asOf: string }): Promise<OrderFigures[]> {
  const asOf = sql`${input.asOf}::date`;
  return rowsOf<OrderFigures>(
    db,
    sql`
    select target_code as unit,
      count(*) filter (where sign_due_date < ${asOf} or ${day('signed_at')} <= ${asOf})::int as due,
      count(*) filter (where ${day('signed_at')} <= sign_due_date and ${day('signed_at')} <= ${asOf}
        and ((replied_at is null and reply_due_date >= ${asOf})
          or (${day('replied_at')} <= reply_due_date and ${day('replied_at')} <= ${asOf})))::int as "onTime"
    from supervision_orders
    where status <> 'cancelled' and ${day('raised_at')} <= ${asOf}
    group by 1`,
  );
}
