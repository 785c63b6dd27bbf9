export { auditRoutes } from './audit.routes.ts';
export {
  auditChainHead,
  exportAuditLog,
  pruneAuditEvents,
  verifyAuditChain,
} from './audit.service.ts';
