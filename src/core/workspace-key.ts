import { basename } from 'node:path';
import { sha256Hex } from './hash';

/**
 * A workspace folder's short name: `<folder-name>-<12 hex of sha256(realPath)>`.
 * The container and the audit folder are both named from it, so a person can
 * match the two, and a symlinked open of the same folder maps to the same key.
 */
export function workspaceKey(realPath: string): string {
  const slug = basename(realPath).toLowerCase().replace(/[^a-z0-9_.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 40) || 'workspace';
  return `${slug}-${workspacePathHash(realPath)}`;
}

/** The first 12 hex digits of sha256(realPath). */
export function workspacePathHash(realPath: string): string {
  return sha256Hex(realPath).slice(0, 12);
}
