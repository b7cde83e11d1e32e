// The choices of Export Audit Log. Plain Node, tested beside.
import type { ExportFormat } from '../../audit';

/** How far back an export goes. */
export type ExportSpan = 'today' | 'week' | 'all';

/** The start of an export span, in local time; undefined for everything. */
export function exportSince(span: ExportSpan, now: Date): Date | undefined {
  if (span === 'all') return undefined;
  const start = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  if (span === 'week') start.setDate(start.getDate() - 6);
  return start;
}

/** A file name to suggest: `clawdock-audit-<folder>-<YYYY-MM-DD>.<ext>`. */
export function exportFileName(folder: string, format: ExportFormat, now: Date): string {
  const slug = folder.toLowerCase().replace(/[^a-z0-9_.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '') || 'workspace';
  const day = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  return `clawdock-audit-${slug}-${day}.${format}`;
}
