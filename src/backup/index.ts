// Backup and restore of Clawdock's state (issue 15.3): one strict archive
// (archive-format.ts) of what state-layout.ts lists; a restore checks
// everything — every audit chain verified — before it writes anything.
// Plain Node: the CLI and the extension's palette commands share it.
export { BACKUP_ROOTS, type ArchiveHeader, type BackupRoot } from './archive-format';
export { BackupFormatError } from './backup-errors';
export { createBackup, type BackupOptions, type BackupSource, type BackupSummary } from './create-backup';
export { checkArchive, restoreBackup, RestoreConflictError, type RestoreConflict, type RestoreOptions, type RestoreReport, type RestoreTargets } from './restore-backup';
export { HOME_EXCLUDED } from './state-layout';
