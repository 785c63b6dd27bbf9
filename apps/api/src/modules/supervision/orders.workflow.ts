import type { OrderStatus } from '@zibo/shared';

/** 督办单 life-cycle (交办 → 签收 → 答复 → 办结; the raiser may return a reply or cancel). */
export type OrderAction = 'sign' | 'reply' | 'close' | 'return' | 'cancel';

const TRANSITIONS: Record<OrderAction, { from: readonly OrderStatus[]; to: OrderStatus }> = {
  sign: { from: ['issued'], to: 'signed' },
  reply: { from: ['signed'], to: 'replied' },
  close: { from: ['replied'], to: 'closed' },
  return: { from: ['replied'], to: 'signed' },
  cancel: { from: ['issued', 'signed'], to: 'cancelled' },
};

export const ORDER_ACTION_NAMES: Record<OrderAction, string> = {
  sign: '签收',
  reply: '答复',
  close: '办结',
  return: '退回重新答复',
  cancel: '撤销',
};

export function nextOrderStatus(
  status: OrderStatus,
  action: OrderAction,
): { ok: true; to: OrderStatus } | { ok: false; message: string } {
  const t = TRANSITIONS[action];
  if (!t.from.includes(status))
    return { ok: false, message: `督办单当前状态不能${ORDER_ACTION_NAMES[action]}` };
  return { ok: true, to: t.to };
}
