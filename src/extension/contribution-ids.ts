// The names VS Code knows Clawdock's views and documents by. Both bundles
// import them: the activation shell (main.ts) registers the views and the
// document schemes at activation, the core fills them once loaded. Keep this
// file free of imports: the shell must stay small.

/** The chat webview view (package.json `contributes.views`). */
export const CHAT_VIEW_ID = 'clawdock.chat';

/** The Changes tree view (package.json `contributes.views`). */
export const CHANGES_VIEW_ID = 'clawdock.changes';

/** The scheme of Clawdock's read-only proposal documents; code lenses select it only. */
export const PROPOSAL_SCHEME = 'clawdock-proposal';

/** The scheme of Clawdock's read-only change documents; their lenses select it only. */
export const CHANGE_SCHEME = 'clawdock-change';

/** The scheme of Clawdock's read-only report documents (Security Audit). */
export const REPORT_SCHEME = 'clawdock-report';

/** Every scheme of Clawdock's read-only documents: the shell registers one content provider per scheme. */
export const DOCUMENT_SCHEMES = [PROPOSAL_SCHEME, CHANGE_SCHEME, REPORT_SCHEME] as const;

/** One of DOCUMENT_SCHEMES. */
export type DocumentScheme = (typeof DOCUMENT_SCHEMES)[number];
