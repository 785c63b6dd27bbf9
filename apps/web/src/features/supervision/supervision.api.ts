import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type {
  Page,
  Roster,
  TaskDetail,
  TaskRecord,
  TaskStatus,
  rosterInput,
  taskInput,
  taskPatch,
  taskReportInput,
} from '@zibo/shared';
import { ApiError, api } from '../../api/client.ts';

export type { TaskStatus, TaskDetail, Roster };
/** A row of the task breakdown table (附件2). */
export type Task = TaskRecord;
export type TaskInput = z.input<typeof taskInput>;
/** One member of the leading group (附件1). */
export type Member = Roster['members'][number];

export const TASK_STATUS_NAMES: Record<TaskStatus, string> = {
  not_started: '未开始',
  in_progress: '推进中',
  done: '已完成',
};

export const supervisionKeys = {
  tasks: ['tasks'] as const,
  task: (id: number) => ['tasks', id] as const,
  roster: ['leading-group'] as const,
};

export function useTasks() {
  return useQuery({
    queryKey: supervisionKeys.tasks,
    queryFn: () => api.get<Page<Task>>('/tasks'),
  });
}

export function useTask(id: number | null) {
  return useQuery({
    queryKey: supervisionKeys.task(id ?? 0),
    queryFn: () => api.get<TaskDetail>(`/tasks/${id}`),
    enabled: id !== null,
  });
}

function useTaskMutation<V>(mutationFn: (vars: V) => Promise<TaskDetail>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: (task) => {
      queryClient.setQueryData(supervisionKeys.task(task.id), task);
      void queryClient.invalidateQueries({ queryKey: supervisionKeys.tasks, exact: true });
    },
    onError: (e) => {
      // Someone else saved first: reload so the next attempt starts from the current version.
      if (e instanceof ApiError && e.code === 'CONFLICT')
        void queryClient.invalidateQueries({ queryKey: supervisionKeys.tasks });
    },
  });
}

export function useCreateTask() {
  return useTaskMutation((input: TaskInput) => api.post<TaskDetail>('/tasks', input));
}

export function useUpdateTask() {
  return useTaskMutation(({ id, ...patch }: z.input<typeof taskPatch> & { id: number }) =>
    api.patch<TaskDetail>(`/tasks/${id}`, patch),
  );
}

export function useReportTask() {
  return useTaskMutation(({ id, ...body }: z.input<typeof taskReportInput> & { id: number }) =>
    api.post<TaskDetail>(`/tasks/${id}/reports`, body),
  );
}

export function useRoster() {
  return useQuery({
    queryKey: supervisionKeys.roster,
    queryFn: () => api.get<Roster>('/leading-group'),
  });
}

export function useSaveRoster() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (roster: z.input<typeof rosterInput>) => api.put<Roster>('/leading-group', roster),
    onSuccess: (roster) => queryClient.setQueryData(supervisionKeys.roster, roster),
    onError: (e) => {
      if (e instanceof ApiError && e.code === 'CONFLICT')
        void queryClient.invalidateQueries({ queryKey: supervisionKeys.roster });
    },
  });
}
