import type { ConfigSource } from '../core/config/config-source';
import { readNumber } from '../core/config/config-source';
import type { SettingSpec } from '../core/config/setting-spec';
import { DEFAULT_APPROVAL_TIMEOUT_SECONDS, MAX_APPROVAL_TIMEOUT_SECONDS } from './approval-queue';

/** Approval settings, read into a snapshot. */
export interface ApprovalSettings {
  /** Seconds before an unanswered approval expires (and counts as rejected); 0 = never. */
  readonly timeoutSeconds: number;
}

/** The approvals' settings (keys relative to `clawdock.`), for package.json and the README. */
export const APPROVAL_SETTINGS: readonly SettingSpec[] = [
  {
    key: 'approvals.timeoutSeconds', type: 'number', default: DEFAULT_APPROVAL_TIMEOUT_SECONDS, minimum: 0, maximum: MAX_APPROVAL_TIMEOUT_SECONDS, restart: false,
    // A workspace must not make approvals wait forever: expiry is what makes an unattended approval fail closed.
    scope: 'machine',
    description: 'An approval nobody answers within this many seconds expires and counts as rejected; the agent is told. 0 = never. User settings only.',
  },
];

/** Reads the approval settings, clamped. */
export function readApprovalSettings(source: ConfigSource): ApprovalSettings {
  return { timeoutSeconds: Math.round(readNumber(source, 'approvals.timeoutSeconds', DEFAULT_APPROVAL_TIMEOUT_SECONDS, 0, MAX_APPROVAL_TIMEOUT_SECONDS)) };
}
