import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  CockpitView,
  orderDecisionInput,
  orderInput,
  orderReplyInput,
  Page,
  SupervisionOrder,
  SupervisionOrderDetail,
  SupervisionOverview,
} from '@zibo/shared';
import { api } from '../../api/client.ts';

/** The cockpit's answer (GET /api/supervision/cockpit). */
export type Cockpit = CockpitView;
export type OrderDetail = SupervisionOrderDetail;

export const overviewKeys = {
  overview: (region: string | null) => ['supervision', 'overview', region] as const,
  cockpit: (region: string | null) => ['supervision', 'cockpit', region] as const,
  orders: (query: Record<string, string | undefined>) => ['supervision', 'orders', query] as const,
  order: (id: number) => ['supervision', 'order', id] as const,
};

const regionQuery = (region: string | null) => (region ? { region } : {});

export function useSupervisionOverview(region: string | null) {
  return useQuery({
    queryKey: overviewKeys.overview(region),
    queryFn: ({ signal }) =>
      api.get<SupervisionOverview>('/supervision/overview', regionQuery(region), signal),
  });
}

export function useCockpit(region: string | null) {
  return useQuery({
    queryKey: overviewKeys.cockpit(region),
    queryFn: ({ signal }) => api.get<Cockpit>('/supervision/cockpit', regionQuery(region), signal),
  });
}

export function useOrders(query: { status?: string; mine?: string }) {
  return useQuery({
    queryKey: overviewKeys.orders(query),
    queryFn: ({ signal }) =>
      api.get<Page<SupervisionOrder>>('/supervision/orders', { ...query, limit: 200 }, signal),
  });
}

export function useOrder(id: number | null) {
  return useQuery({
    queryKey: overviewKeys.order(id ?? 0),
    queryFn: ({ signal }) => api.get<OrderDetail>(`/supervision/orders/${id}`, {}, signal),
    enabled: id !== null,
  });
}

export type OrderActionName = 'sign' | 'reply' | 'close' | 'return' | 'cancel';

export function useOrderAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (
      input: { id: number; action: OrderActionName } & (
        z.input<typeof orderReplyInput> | z.input<typeof orderDecisionInput>
      ),
    ) => {
      const { id, action, ...body } = input;
      return api.post<OrderDetail>(`/supervision/orders/${id}/${action}`, body);
    },
    onSuccess: (order) => {
      qc.setQueryData(overviewKeys.order(order.id), order);
      void qc.invalidateQueries({ queryKey: ['supervision'] });
    },
  });
}

export function useRaiseOrder() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: z.input<typeof orderInput>) =>
      api.post<OrderDetail>('/supervision/orders', body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['supervision'] }),
  });
}
