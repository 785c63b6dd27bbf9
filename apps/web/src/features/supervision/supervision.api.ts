import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from '../../api/client.ts';

export type TaskStatus = 'not_started' | 'in_progress' | 'done';

/** A row of the task breakdown table (附件2). */
export type Task = {
  id: number;
  seq: number;
  name: string;
  description: string | null;
  leadDepartmentCode: string;
  leadDepartmentName: string | null;
  responsibleUnits: string[];
  deadline: string | null;
  progressPercent: number;
  status: TaskStatus;
  overdue: boolean;
  version: number;
  abilities: Record<string, boolean>;
};

export type TaskDetail = Task & {
  reports: { id: number; note: string; percent: number; actorName: string | null; at: string }[];
};

export type TaskInput = {
  name: string;
  description: string | null;
  leadDepartmentCode: string;
  responsibleUnits: string[];
  deadline: string | null;
};

/** One member of the leading group (附件1). */
export type Member = { position: string; title: string; unit: string; name: string | null };
export type Roster = { members: Member[]; version: number };

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
    queryFn: () => api.get<{ items: Task[]; total: number }>('/tasks'),
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
  return useTaskMutation(({ id, ...patch }: TaskInput & { id: number; version: number }) =>
    api.patch<TaskDetail>(`/tasks/${id}`, patch),
  );
}

export function useReportTask() {
  return useTaskMutation(({ id, ...body }: { id: number; note: string; percent: number }) =>
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
    mutationFn: (roster: Roster) => api.put<Roster>('/leading-group', roster),
    onSuccess: (roster) => queryClient.setQueryData(supervisionKeys.roster, roster),
    onError: (e) => {
      if (e instanceof ApiError && e.code === 'CONFLICT')
        void queryClient.invalidateQueries({ queryKey: supervisionKeys.roster });
    },
  });
}
