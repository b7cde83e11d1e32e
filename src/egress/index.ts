// The egress room (issue 14): the proxy the sandbox reaches the network
// through — host decisions, the proxy itself, its deployment beside the
// sandbox, and its settings. Plain Node; see README.md.
export { startEgress, proxyEnvironment, PROXY_PORT, type Egress, type EgressHealth, type StartEgressOptions } from './deploy/start-egress';
export { assertOnlyOnEgressNetwork, sandboxNetworkSpec, type SandboxNetworkSpec } from './deploy/sandbox-network';
export { egressNames, removeEgressNetwork, EGRESS_LABELS, type EgressNames, type EngineTarget } from './deploy/egress-docker';
export { EGRESS_SETTINGS, readEgressSettings, type EgressSettingLayers, type EgressSettings } from './egress-settings';
export { describeRefusal, egressAuditEvent, type EgressRecord, type EgressVia } from './egress-record';
export { EgressError } from './egress-error';
export { ALLOWED_DOMAINS_SETTING, DENIED_DOMAINS_SETTING, decideHost, type HostDecision, type HostRules } from './host/decide-host';
export { canonicalHost, type CanonicalHost } from './host/canonical-host';
export { parseDomainPattern, type DomainPattern } from './host/domain-pattern';
export { DOMAIN_PRESETS, PRESET_NAMES, type PresetName } from './host/presets';
export { vetAddress, type AddressVetting } from './host/address-ranges';
export type { AskAnswer, AskOwner } from './proxy/ask-gate';
export type { HostRewriter, HostRewriters, RequestHead, TunnelHandover } from './proxy/host-rewriters';
export { SANDBOX_TRUST_DIR, SANDBOX_TRUST_TMPFS, sandboxTrustEnv, trustInstallCommand } from './deploy/sandbox-trust';
export { slotFor, describeSlot, WELL_KNOWN_HOSTS, WELL_KNOWN_NAMES, SECRET_PLACEMENTS, type BoundSecret, type SecretBinding, type SecretPlacement, type SecretSlot } from './secrets/secret-binding';
export { assertGrantsUsable, invalidSandboxSecretName, newFormOf, readGrantedSecrets, secretFactsOf, EXPOSE_SECRETS_SETTING, GRANTED_SECRETS_SETTING, type GrantedSecrets } from './secrets/granted-secrets-setting';
