export { auditRoutes } from './audit.routes.ts';
export { verifyAuditChain } from './audit.service.ts';
