// The self-test's report as people read it: one line per class (held / asked
// / escaped), the attempts under each, and what to do about an escape.
import { visible } from '../core/display';
import type { SelftestReport } from './selftest';

const MARK = { held: 'held   ', asked: 'asked  ', escaped: 'ESCAPED' } as const;

/** The containment table, with every attempt under its class. */
export function formatSelftest(report: SelftestReport): string {
  const lines = [`Containment self-test — ${report.at} — workspace access ${report.access}, network ${report.network}`, ''];
  for (const c of report.classes) {
    lines.push(`${MARK[c.result]}  ${c.title}`);
    for (const p of c.probes) lines.push(`           ${MARK[p.result].trim().padEnd(7)}  ${visible(p.name)}: ${visible(p.detail)}`);
  }
  lines.push('');
  lines.push(report.escaped
    ? 'Something escaped: read the ESCAPED lines above. `clawdock security audit` names the setting behind most of them.'
    : 'Nothing escaped: every attempt was held by the box or would have needed your approval.');
  return `${lines.join('\n')}\n`;
}
