import * as vscode from 'vscode';
import { PROPOSAL_SCHEME } from '../contribution-ids';

/** What a proposal document shows: a command, an edit's proposal side, an empty side for a new file, or an explanation. */
export type ProposalView = 'command' | 'edit' | 'empty' | 'explain';

/** A parsed proposal URI. */
export interface ProposalRef {
  readonly view: ProposalView;
  readonly id: string;
}

const VIEWS: readonly ProposalView[] = ['command', 'edit', 'empty', 'explain'];

/**
 * `clawdock-proposal:/command/ID/Proposed command`, `…/edit/ID/src/a.ts` (the
 * file's path keeps its name and language in the tab and the diff), `…/empty/ID/src/a.ts`.
 */
export function proposalUri(view: ProposalView, id: string, name: string): vscode.Uri {
  return vscode.Uri.from({ scheme: PROPOSAL_SCHEME, path: `/${view}/${encodeURIComponent(id)}/${name.replace(/^\/+/, '')}` });
}

/** The view and approval id of a proposal URI, or undefined for any other URI. */
export function parseProposalUri(uri: vscode.Uri): ProposalRef | undefined {
  if (uri.scheme !== PROPOSAL_SCHEME) return undefined;
  const [, view, id] = uri.path.split('/');
  if (!view || !id || !(VIEWS as readonly string[]).includes(view)) return undefined;
  return { view: view as ProposalView, id: decodeURIComponent(id) };
}
