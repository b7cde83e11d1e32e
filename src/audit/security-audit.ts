import type { SecurityAuditInput } from './security-audit-input';

/** How bad a finding is. */
export type Severity = 'critical' | 'warn' | 'info';

/** One finding of `clawdock security audit`: what is wrong and the setting or command that fixes it. */
export interface SecurityFinding {
  readonly severity: Severity;
  readonly id: string;
  readonly title: string;
  readonly detail: string;
  /** The setting to change or the command to run, as a person would type it. */
  readonly fix: string;
}

/** A change `--fix` may apply on its own; every one only tightens. */
export type SecurityFix =
  | { readonly findingId: string; readonly kind: 'setting'; readonly key: string; readonly value: unknown }
  | { readonly findingId: string; readonly kind: 'chmod'; readonly path: string; readonly mode: number };

/** The findings, most severe first, and the tightening fixes. */
export interface SecurityAuditReport {
  readonly findings: readonly SecurityFinding[];
  readonly fixes: readonly SecurityFix[];
  readonly counts: Readonly<Record<Severity, number>>;
}

/** The setting that lists secrets granted to the sandbox (owned by the sandbox settings). */
export const GRANTED_SECRETS_SETTING = 'sandbox.grantedSecrets';

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, warn: 1, info: 2 };
const SENSITIVE_SOURCE = /^\/(?:etc|proc|sys|dev|boot|root|var\/run|run|var\/lib\/docker)?(?:\/|$)|(?:^|\/)\.(?:ssh|aws|config|docker|gnupg|kube|azure|gcloud|npmrc|netrc|git-credentials)(?:\/|$)|(?:docker|podman|containerd)\.sock$/;
const LOOPBACK = /^(?:127\.\d+\.\d+\.\d+|::1|localhost|loopback)$/;

/**
 * Checks a setup against the hardening promises (issue 4, incident response):
 * loosened sandbox settings, sensitive mounts, the network, unpinned images,
 * a root engine without user namespaces, audit log permissions and chain,
 * weakened redaction, granted secrets, wide-open approvals, and an exposed
 * gateway. Pure: the caller gathers the input and applies the fixes.
 */
export function securityAudit(input: SecurityAuditInput): SecurityAuditReport {
  const findings: SecurityFinding[] = [];
  const fixes: SecurityFix[] = [];
  const add = (f: SecurityFinding, fix?: SecurityFixBody): void => {
    findings.push(f);
    if (fix) fixes.push({ findingId: f.id, ...fix });
  };
  if (input.sandbox) checkSandbox(input.sandbox, add);
  if (input.mounts) checkMounts(input.mounts, add);
  if (input.engine) checkEngine(input.engine, add);
  if (input.audit) checkAudit(input.audit, add);
  if (input.redaction) checkRedaction(input.redaction, add);
  if (input.grantedSecrets || input.boundSecrets || input.refusedSecrets) checkSecrets(input, add);
  if (input.policy) checkPolicy(input.policy, add);
  if (input.agent) checkAgent(input.agent, add);
  if (input.gateway) checkGateway(input.gateway, add);
  findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.id.localeCompare(b.id));
  const counts = { critical: 0, warn: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return { findings, fixes, counts };
}

type SecurityFixBody = { kind: 'setting'; key: string; value: unknown } | { kind: 'chmod'; path: string; mode: number };
type Add = (finding: SecurityFinding, fix?: SecurityFixBody) => void;

const set = (key: string, value: unknown): SecurityFixBody => ({ kind: 'setting', key, value });
const setText = (key: string, value: unknown): string => `set \`clawdock.${key}\` to ${JSON.stringify(value)}`;

function checkSandbox(s: Readonly<Record<string, unknown>>, add: Add): void {
  for (const [key, value] of Object.entries(s)) {
    if (/^sandbox\.dangerously/.test(key) && value === true) {
      add({ severity: 'critical', id: key, title: `Sandbox hardening loosened: ${key.slice('sandbox.'.length)}`, detail: `\`clawdock.${key}\` is on, so the sandbox may run with that protection removed.`, fix: setText(key, false) }, set(key, false));
    }
  }
  if (s['sandbox.network'] !== undefined && s['sandbox.network'] !== 'none') {
    add({ severity: 'critical', id: 'sandbox.network', title: 'Sandbox has network access', detail: `The container's network is \`${String(s['sandbox.network'])}\`: a prompt-injected agent can send your code anywhere.`, fix: setText('sandbox.network', 'none') }, set('sandbox.network', 'none'));
  }
  const off = (key: string, title: string, detail: string): void => {
    if (s[key] === false) add({ severity: 'warn', id: key, title, detail, fix: setText(key, true) }, set(key, true));
  };
  off('sandbox.readOnlyRootFs', 'Writable root filesystem', 'The container can change its own system files and persist tools between commands.');
  off('sandbox.noNewPrivileges', 'Privilege escalation allowed', 'Without `no-new-privileges`, setuid binaries in the image can gain root inside the container.');
  const caps = Array.isArray(s['sandbox.capAdd']) ? (s['sandbox.capAdd'] as unknown[]).map(String) : [];
  if (caps.length > 0) {
    const severe = caps.some((c) => /^(?:CAP_)?(?:SYS_ADMIN|SYS_PTRACE|SYS_MODULE|NET_ADMIN|DAC_READ_SEARCH|ALL)$/i.test(c));
    add({ severity: severe ? 'critical' : 'warn', id: 'sandbox.capAdd', title: 'Capabilities given back to the container', detail: `Added: ${caps.join(', ')}.`, fix: setText('sandbox.capAdd', []) }, set('sandbox.capAdd', []));
  }
  for (const key of ['sandbox.memoryMb', 'sandbox.cpus', 'sandbox.pidsLimit']) {
    if (s[key] === 0) add({ severity: 'warn', id: key, title: `No ${key.slice(8)} limit`, detail: 'A runaway or hostile command can exhaust the host.', fix: `set \`clawdock.${key}\` above 0` });
  }
  const extra = Array.isArray(s['sandbox.extraMounts']) ? (s['sandbox.extraMounts'] as { source?: unknown }[]) : [];
  for (const m of extra) {
    const source = String(m?.source ?? '');
    if (SENSITIVE_SOURCE.test(source)) {
      add({ severity: 'critical', id: `sandbox.extraMounts:${source}`, title: 'Sensitive host path configured as a mount', detail: `\`${source}\` holds credentials or controls the host.`, fix: `remove ${JSON.stringify(source)} from \`clawdock.sandbox.extraMounts\`` });
    }
  }
  const image = typeof s['sandbox.image'] === 'string' ? (s['sandbox.image'] as string) : '';
  if (image !== '' && !/@sha256:[0-9a-f]{64}$/.test(image)) {
    const floating = !/:[^/]+$/.test(image) || /:latest$/.test(image);
    add({ severity: floating ? 'warn' : 'info', id: 'sandbox.image', title: 'Sandbox image not pinned', detail: `\`${image}\` can change under you${floating ? ' with every pull' : ' if the tag is moved'}.`, fix: 'set `clawdock.sandbox.image` to `name@sha256:<digest>` (see `docker image inspect --format "{{index .RepoDigests 0}}"`)' });
  }
  const host = typeof s['sandbox.dockerHost'] === 'string' ? (s['sandbox.dockerHost'] as string) : '';
  if (/^tcp:\/\//.test(host) && !/^tcp:\/\/(?:127\.|localhost|\[::1\])/.test(host)) {
    add({ severity: 'warn', id: 'sandbox.dockerHost', title: 'Docker engine reached over the network', detail: `\`${host}\`: whoever reaches that port controls the engine (and the host) unless it requires TLS client certificates.`, fix: 'use a unix socket, or an SSH/TLS-protected engine address, in `clawdock.sandbox.dockerHost`' });
  }
}

function checkMounts(mounts: NonNullable<SecurityAuditInput['mounts']>, add: Add): void {
  for (const m of mounts) {
    if (!SENSITIVE_SOURCE.test(m.source)) continue;
    const socket = /\.sock$/.test(m.source);
    add({
      severity: 'critical',
      id: `mount:${m.source}`,
      title: socket ? 'Container engine socket mounted into the sandbox' : 'Sensitive host path mounted into the sandbox',
      detail: `${m.source} → ${m.target}${m.readOnly ? ' (read-only)' : ''}: ${socket ? 'the agent can start privileged containers and own the host' : 'it holds credentials or controls the host'}.`,
      fix: 'remove the mount from `clawdock.sandbox.extraMounts`, then `clawdock sandbox down` and up again',
    });
  }
}

function checkEngine(engine: NonNullable<SecurityAuditInput['engine']>, add: Add): void {
  if (engine.rootless === false && engine.userNamespaces === false) {
    add({ severity: 'warn', id: 'engine.root', title: 'Engine runs as root without user namespaces', detail: 'A container escape lands as root on the host.', fix: 'use rootless Docker or Podman (`clawdock.sandbox.dockerHost`), or enable `userns-remap` in the daemon' });
  }
}

function checkAudit(audit: NonNullable<SecurityAuditInput['audit']>, add: Add): void {
  if (audit.dirMode !== undefined && (audit.dirMode & 0o077) !== 0) {
    add({ severity: 'critical', id: 'audit.dirMode', title: 'Audit folder readable by others', detail: `${audit.dir} has mode ${(audit.dirMode & 0o777).toString(8)}.`, fix: `chmod 700 ${JSON.stringify(audit.dir)}` }, { kind: 'chmod', path: audit.dir, mode: 0o700 });
  }
  for (const f of audit.files ?? []) {
    if ((f.mode & 0o077) !== 0) {
      add({ severity: 'warn', id: `audit.fileMode:${f.path}`, title: 'Audit file readable by others', detail: `${f.path} has mode ${(f.mode & 0o777).toString(8)}.`, fix: `chmod 600 ${JSON.stringify(f.path)}` }, { kind: 'chmod', path: f.path, mode: 0o600 });
    }
  }
  const v = audit.verify;
  if (v && !v.ok) {
    add({ severity: 'critical', id: 'audit.chain', title: 'Audit log chain is broken', detail: `${v.break.file} line ${v.break.line}: ${v.break.reason} (${v.break.detail}).`, fix: `clawdock audit verify --workspace <folder> — then find out who changed ${v.break.file}` });
  }
}

function checkRedaction(r: NonNullable<SecurityAuditInput['redaction']>, add: Add): void {
  if (!r.secretlint) add({ severity: 'warn', id: 'redaction.secretlint', title: 'Redaction turned down: secretlint off', detail: 'Audit lines are masked by the built-in rules only.', fix: setText('redaction.secretlint', true) }, set('redaction.secretlint', true));
  if (!r.highEntropy) add({ severity: 'warn', id: 'redaction.highEntropy', title: 'Redaction turned down: high-entropy values kept', detail: 'Random-looking values next to names like `session_key` are no longer masked.', fix: setText('redaction.highEntropy', true) }, set('redaction.highEntropy', true));
}

/** The new form of a grant, for fixes (hosts a person fills in). */
function boundForm(name: string): string {
  return `{ "name": ${JSON.stringify(name)}, "hosts": ["<the host that needs it>"] }`;
}

function checkSecrets(input: SecurityAuditInput, add: Add): void {
  for (const name of input.grantedSecrets ?? []) {
    add({
      severity: 'critical', id: `secret:${name}`, title: `Escape path: ${name} is in every command's environment`,
      detail: `\`dangerouslyExposeSecretsToSandbox\` lets the old form through: any command (and so the agent) can read ${name}, re-encode it past any masking, or send it to any host the network reaches.`,
      fix: `bind it to its hosts in \`clawdock.${GRANTED_SECRETS_SETTING}\` (${boundForm(name)}), then turn \`clawdock.sandbox.dangerouslyExposeSecretsToSandbox\` off`,
    });
  }
  for (const name of input.refusedSecrets ?? []) {
    add({
      severity: 'warn', id: `secret:${name}`, title: `Granted by name alone, so refused: ${name}`,
      detail: 'A bare name would put the value itself into every command\'s environment; Clawdock refuses it, and sandbox commands fail until the grant is fixed.',
      fix: `bind it to its hosts in \`clawdock.${GRANTED_SECRETS_SETTING}\`: ${boundForm(name)}`,
    });
  }
  const allowlist = input.sandbox?.['sandbox.network'] === 'allowlist';
  for (const secret of input.boundSecrets ?? []) {
    if (input.sandbox && !allowlist) {
      add({ severity: 'warn', id: `secret:${secret.name}`, title: `Bound secret without its proxy: ${secret.name}`, detail: `${secret.name} is bound to ${secret.hosts.join(', ')}, but the egress proxy that puts it into requests runs only with \`sandbox.network: "allowlist"\`: commands do not get it at all.`, fix: 'set `clawdock.sandbox.network` to "allowlist" (and allow its hosts in `clawdock.sandbox.allowedDomains`)' });
    } else {
      add({ severity: 'info', id: `secret:${secret.name}`, title: `Secret bound to ${secret.hosts.join(', ')}: ${secret.name}`, detail: 'Commands see only a placeholder; the egress proxy puts the value into HTTPS requests to those hosts and refuses the placeholder anywhere else. A command can still use the secret with those hosts.', fix: `narrow its "hosts" in \`clawdock.${GRANTED_SECRETS_SETTING}\`, or remove it` });
    }
  }
}

function checkPolicy(p: NonNullable<SecurityAuditInput['policy']>, add: Add): void {
  if (p.mode !== undefined && !['ask-risky', 'ask-all', 'read-only', 'dry-run'].includes(p.mode)) {
    add({ severity: 'warn', id: 'policy.mode', title: `Unknown approval mode \`${p.mode}\``, detail: 'The policy does not know this mode.', fix: setText('policy.mode', 'ask-risky') }, set('policy.mode', 'ask-risky'));
  }
  if (p.autoApproveEdits) {
    add({ severity: 'warn', id: 'policy.autoApproveEdits', title: 'File edits applied without approval', detail: 'The agent\'s edits (outside protected paths) are written without asking.', fix: setText('policy.autoApproveEdits', false) }, set('policy.autoApproveEdits', false));
  }
  for (const rule of p.allowRules ?? []) {
    const first = rule.pattern[0];
    if (first === '*' || first === '**' || rule.pattern.length === 0) {
      add({ severity: 'critical', id: `policy.rules:${rule.id}`, title: 'An allow rule matches any command', detail: `Rule \`${rule.id}\` (${JSON.stringify(rule.pattern)}) lets every command run without approval.`, fix: `remove rule ${JSON.stringify(rule.id)} from \`clawdock.policy.rules\` or give it a fixed first word` });
    }
  }
}

function checkAgent(a: NonNullable<SecurityAuditInput['agent']>, add: Add): void {
  if (a.onViolation === 'report') {
    add({ severity: 'info', id: 'policy.onViolation', title: 'A refused tool call does not end your runs', detail: 'With `report` (the default for you), a prompt-injected model is told why its call was refused and may look for another way; runs from the gateway always halt.', fix: `${setText('policy.onViolation', 'halt')} (CLI: \`clawdock agent run --on-violation halt\`)` });
  }
  if (a.allowedModels !== 0) return;
  add({ severity: 'info', id: 'models.allowed', title: 'Any model may receive this workspace\'s code', detail: '`clawdock.models.allowed` is empty: whatever provider, model and base URL the agent settings name get the code and the task. A repository with sensitive data can narrow it to a local model.', fix: 'set `clawdock.models.allowed`, e.g. `[{ "baseUrl": "http://127.0.0.1:*/**" }]` for models on this machine only (a workspace may only narrow it)' });
}

function checkGateway(g: NonNullable<SecurityAuditInput['gateway']>, add: Add): void {
  if (!g.enabled) return;
  if (g.dmPolicy === 'open') {
    add({ severity: 'critical', id: 'gateway.dmPolicy', title: 'Gateway open to anyone', detail: 'DM policy `open`: any stranger who finds the bot can drive the agent.', fix: setText('gateway.dmPolicy', 'pairing') }, set('gateway.dmPolicy', 'pairing'));
  }
  if (g.allowFrom?.includes('*')) {
    add({ severity: 'critical', id: 'gateway.allowFrom', title: 'Wildcard in the gateway allowlist', detail: '`*` in `gateway.allowFrom` admits every sender.', fix: 'remove "*" from `clawdock.gateway.allowFrom`' }, set('gateway.allowFrom', g.allowFrom.filter((x) => x !== '*')));
  }
  if (g.groupAllowFrom?.includes('*')) {
    add({ severity: 'warn', id: 'gateway.groupAllowFrom', title: 'Wildcard in the group allowlist', detail: '`*` admits every group the bot is added to (read-only profile).', fix: 'remove "*" from `clawdock.gateway.groupAllowFrom`' }, set('gateway.groupAllowFrom', g.groupAllowFrom.filter((x) => x !== '*')));
  }
  const exposed = g.bind !== undefined && !LOOPBACK.test(g.bind);
  if (g.tokenLength !== undefined && g.tokenLength < 32) {
    add({ severity: g.tokenLength < 16 || exposed ? 'critical' : 'warn', id: 'gateway.token', title: g.tokenLength === 0 ? 'Gateway has no token' : 'Gateway token too short', detail: `${g.tokenLength} characters; at least 32 random characters resist guessing.`, fix: 'set a new gateway token of 32+ random characters (e.g. `openssl rand -hex 32`) with `Clawdock: Set Gateway Token…`' });
  }
  if (exposed) {
    add({ severity: 'critical', id: 'gateway.bind', title: 'Gateway reachable beyond this machine', detail: `It listens on ${g.bind}.`, fix: setText('gateway.bind', '127.0.0.1') }, set('gateway.bind', '127.0.0.1'));
  }
}
