import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  UserRecord,
  createUserBody,
  grantsBody,
  updateUserBody,
  usersQuery,
} from '@zibo/shared';
import { api } from '../../api/client.ts';

/** The account list's filter, as the API parses it (the client writes it into the URL). */
export type UsersFilter = z.infer<typeof usersQuery>;

export type CreateUserInput = z.input<typeof createUserBody>;
export type UpdateUserInput = z.input<typeof updateUserBody>;
export type GrantsInput = z.input<typeof grantsBody>;

const usersKey = ['users'] as const;

export function useUsers(filter: UsersFilter) {
  return useQuery({
    queryKey: [...usersKey, filter],
    queryFn: () => api.get<{ items: UserRecord[]; total: number }>('/users', filter),
    placeholderData: keepPreviousData,
  });
}

/** A mutation on accounts that refreshes every account list when it succeeds. */
function useUserMutation<V>(mutationFn: (vars: V) => Promise<UserRecord>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: usersKey }),
  });
}

export function useCreateUser() {
  return useUserMutation((input: CreateUserInput) => api.post<UserRecord>('/users', input));
}

export function useUpdateUser() {
  return useUserMutation(({ id, ...patch }: UpdateUserInput & { id: number }) =>
    api.patch<UserRecord>(`/users/${id}`, patch),
  );
}

export function useResetPassword() {
  return useUserMutation(({ id, password }: { id: number; password: string }) =>
    api.post<UserRecord>(`/users/${id}/reset-password`, { password }),
  );
}

/** 安全管理员 clears an account's second factor; it binds a new one at its next sign-in. */
export function useResetMfa() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.post<{ ok: true }>(`/users/${id}/mfa/reset`, {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: usersKey }),
  });
}

export function useSetGrants() {
  return useUserMutation(({ id, ...grants }: GrantsInput & { id: number }) =>
    api.put<UserRecord>(`/users/${id}/grants`, grants),
  );
}
