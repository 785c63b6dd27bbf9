import { auditActionName, auditEntityName } from '@zibo/shared';

/** Chinese names of audit actions and entities (the map lives in @zibo/shared). */
export function describeAction(action: string): string {
  return auditActionName(action);
}

export function describeEntity(entity: string): string {
  return auditEntityName(entity);
}
