// The OpenClaw node bridge (DESIGN.md, gateway contract): this workspace's
// sandbox as a node of an OpenClaw gateway. Plain Node: no vscode.
export { OpenClawBridge, SYSTEM_COMMANDS, type OpenClawBridgeOptions } from './openclaw-bridge';
export { GatewayConnection, GatewayRequestError, isLoopbackUrl, OPENCLAW_BACKOFF, type ConnectionState, type GatewayConnectionOptions } from './gateway-connection';
export { OpenClawConnectError, type ConnectFailureKind } from './connect-error';
export { DeviceIdentity, loadOrCreateIdentity, type IdentityStore } from './device-identity';
export { FileIdentityStore, identityFilePath } from './identity-file';
export { sessionCaller, sessionKind, type SessionKind, type SessionProfileRule } from './session-caller';
export { setupSteps, type BridgeStatus, type SetupFacts } from './setup-steps';
export type { Invocation, InvokeOutcome, NodeServices } from './node-services';
export { VSCODE_AGENT_TOOL } from './vscode-agent';
export { PROTOCOL_VERSION, NODE_CLIENT_ID } from './protocol';
export { DEFAULT_GATEWAY_URL, OPENCLAW_SETTINGS, readOpenClawEnabled, readOpenClawSettings, type OpenClawSettings } from './openclaw-settings';
