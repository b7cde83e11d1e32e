// The audit room's public face (DESIGN.md, audit contract): the hash-chained
// log, its verifier and exporters, the one redactor, and the security audit.

export { AuditLog, type AuditLogOptions } from './audit-log';
export { AuditWriteError } from './audit-write-error';
export { AuditEventError } from './audit-event-error';
export { AuditLogDamagedError } from './audit-log-damaged-error';
export { runAudited } from './audited';
export { auditWorkspaceKey, dayOf, defaultAuditRoot, listDayFiles, workspaceAuditDir, type DayFile } from './audit-paths';
export { systemClock, type Clock } from '../core/clock';
export { AUDIT_FORMAT_VERSION, GENESIS_HASH, parseEntryLine, type AuditEntry } from './entry';
export { auditEventSchema, type AuditEvent, type AuditEventOf, type AuditEventType } from './events';
export { formatEvent, formatEventLine } from './format-event';
export { verifyFiles, verifyWorkspace, type ChainBreak, type ChainBreakReason, type VerifyOptions, type VerifyResult } from './verify';
export { exportAudit, CSV_COLUMNS, type ExportFormat, type ExportOptions } from './export';
export { tailAudit, type TailLine, type TailOptions } from './tail';
export { Redactor, type RedactorOptions } from './redact/redactor';
export type { StreamRedactor, StreamRedactorOptions } from './redact/stream-redactor';
export { maskSecret, REDACTED_MARK } from './redact/mask';
export { readRedactionSettings, redactorOptions, REDACTION_SETTINGS, type RedactionSettings } from './redact/redaction-settings';
export { securityAudit, GRANTED_SECRETS_SETTING, type SecurityAuditReport, type SecurityFinding, type SecurityFix, type Severity } from './security-audit';
export type { SecurityAuditInput } from './security-audit-input';
