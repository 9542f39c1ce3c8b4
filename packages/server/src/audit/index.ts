export { AccessAction, AccessAuditEntry, containsCpr, StoredAuditLine } from './entry.js';
export { type AuditLogOptions, type AuditQuery, type AuditSink, FileAuditLog } from './audit-log.js';
