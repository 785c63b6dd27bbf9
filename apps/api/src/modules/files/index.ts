export { filesRoutes } from './files.routes.ts';
export { registerAttachmentAccess, type AttachmentAccess } from './files.service.ts';
