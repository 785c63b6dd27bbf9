export { inboxRoutes } from './inbox.routes.ts';
export { notifyUsers, type Notice } from './inbox.service.ts';
export { notifications } from './inbox.tables.ts';
