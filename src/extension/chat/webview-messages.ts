// Messages from the chat webview to the host. The webview is a renderer: the
// host validates every message here and ignores anything else, and nothing in a
// message is trusted as policy or approval state (an approval id is looked up
// in the queue, a link is checked and confirmed).
import { z } from 'zod';

const approvalId = z.string().min(1).max(200).regex(/^[A-Za-z0-9._:-]+$/);

/** What a panel button may ask of an approval: the `clawdock.approval.*` command it runs. */
export const APPROVAL_ACTIONS = ['approve', 'reject', 'explain', 'open', 'acceptAll', 'rejectAll'] as const;

/** Longest task the panel sends. */
export const MAX_TASK_CHARS = 100_000;

const WebviewMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready') }),
  z.strictObject({ type: z.literal('send'), text: z.string().min(1).max(MAX_TASK_CHARS) }),
  z.strictObject({ type: z.literal('cancel') }),
  z.strictObject({ type: z.literal('approval'), action: z.enum(APPROVAL_ACTIONS), approvalId }),
  z.strictObject({ type: z.literal('openLink'), href: z.string().min(1).max(4096) }),
  z.strictObject({ type: z.literal('newSession') }),
  z.strictObject({ type: z.literal('openSession'), sessionId: z.string().min(1).max(64) }),
  z.strictObject({ type: z.literal('pickModel') }),
  z.strictObject({ type: z.literal('showChanges') }),
]);

/** A validated message from the webview. */
export type WebviewMessage = z.infer<typeof WebviewMessage>;

/** The message, or undefined when it is not one the host knows (it is then ignored). */
export function parseWebviewMessage(raw: unknown): WebviewMessage | undefined {
  const parsed = WebviewMessage.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

/** Why a link from model text may not be opened, or undefined when it may (after the person confirms). */
export function refuseLink(href: string): string | undefined {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return 'it is not an absolute URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `only http and https links are opened, not ${url.protocol}`;
  if (url.username || url.password) return 'it carries a user name or password';
  return undefined;
}
