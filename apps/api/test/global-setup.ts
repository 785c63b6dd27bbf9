import type { TestProject } from 'vitest/node';
import { buildTemplate, dropTemplate, type TemplateHandle } from './template-db.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dbTemplate: TemplateHandle;
  }
}

export default async function setup(project: TestProject) {
  const handle = await buildTemplate();
  project.provide('dbTemplate', handle);
  return async () => {
    await dropTemplate(handle);
  };
}
