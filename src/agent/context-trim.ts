// Keeping the conversation inside the model's context window. The transcript
// on disk keeps everything; this only shapes what one request sends.
//
// The policy, in order, until the estimate fits:
//   1. Keep whole, always: the session's first task, the current task, and the
//      last `keepLastRounds` rounds (a round: one assistant message and the
//      results of its tool calls).
//   2. Older tool outputs are replaced by a one-line marker, oldest first
//      (outputs are the bulk of a context, and the model can re-run a read).
//   3. Then older messages are dropped, oldest first, an assistant message
//      always together with its tool results; one note says what was dropped.
//   4. If even that does not fit, `fits` is false and the loop stops the turn
//      with a message rather than send a request the model cannot take.
import type { Turn } from './providers';

/** How much room there is and what to keep. */
export interface TrimOptions {
  /** Tokens the turns may take: the window minus system prompt, tools and the output reserve. */
  readonly budgetTokens: number;
  /** Most recent rounds kept whole. */
  readonly keepLastRounds: number;
  /** Characters per token for the estimate (about 4 for English and code). */
  readonly charsPerToken?: number;
}

/** What trimming did. */
export interface TrimResult {
  readonly turns: readonly Turn[];
  readonly estimatedTokens: number;
  readonly droppedTurns: number;
  readonly clearedResults: number;
  readonly fits: boolean;
  /** A sentence for the person when anything was trimmed. */
  readonly note?: string;
}

/** Turns kept from the end by default. */
export const DEFAULT_KEEP_LAST_ROUNDS = 6;

const PER_TURN_OVERHEAD = 8;

/** Rough token count of one turn. */
export function estimateTurnTokens(turn: Turn, charsPerToken = 4): number {
  const chars = turn.role === 'user'
    ? turn.text.length
    : turn.role === 'tool-result'
      ? turn.content.length
      : turn.text.length + turn.toolCalls.reduce((n, c) => n + c.name.length + c.arguments.length + 20, 0);
  return Math.ceil(chars / charsPerToken) + PER_TURN_OVERHEAD;
}

/** Rough token count of a text (system prompt, tool schemas). */
export function estimateTextTokens(text: string, charsPerToken = 4): number {
  return Math.ceil(text.length / charsPerToken);
}

/** Trims `turns` to fit `budgetTokens` by the policy above; returns them unchanged when they fit. */
export function trimContext(turns: readonly Turn[], options: TrimOptions): TrimResult {
  const cpt = options.charsPerToken ?? 4;
  const sizes = turns.map((t) => estimateTurnTokens(t, cpt));
  let total = sizes.reduce((a, b) => a + b, 0);
  if (total <= options.budgetTokens) return { turns, estimatedTokens: total, droppedTurns: 0, clearedResults: 0, fits: true };

  const protectedIndex = new Set<number>();
  const firstUser = turns.findIndex((t) => t.role === 'user');
  const lastUser = findLastIndex(turns, (t) => t.role === 'user');
  if (firstUser >= 0) protectedIndex.add(firstUser);
  if (lastUser >= 0) protectedIndex.add(lastUser);
  const tailStart = startOfLastRounds(turns, options.keepLastRounds);

  const work: (Turn | undefined)[] = [...turns];
  let cleared = 0;
  for (let i = 0; i < tailStart && total > options.budgetTokens; i++) {
    const t = work[i];
    if (t?.role !== 'tool-result' || protectedIndex.has(i)) continue;
    const marker = `[output dropped to fit the context window: ${t.content.length} characters; run the call again if you need it]`;
    if (marker.length >= t.content.length) continue;
    const replaced: Turn = { ...t, content: marker };
    const size = estimateTurnTokens(replaced, cpt);
    total += size - (sizes[i] ?? 0);
    sizes[i] = size;
    work[i] = replaced;
    cleared += 1;
  }

  let dropped = 0;
  let firstDrop = -1;
  // Dropping adds a note: make room for it too.
  const noteTokens = estimateTurnTokens(dropNote(999_999), cpt);
  for (let i = 0; i < tailStart && total + noteTokens > options.budgetTokens; i++) {
    const t = work[i];
    if (t === undefined || protectedIndex.has(i)) continue;
    // An assistant message goes with the tool results that answer it.
    let end = i + 1;
    if (t.role === 'assistant') while (end < tailStart && work[end]?.role === 'tool-result') end++;
    if (t.role === 'tool-result') continue; // only reachable when its assistant was protected: keep them together
    for (let j = i; j < end; j++) {
      total -= sizes[j] ?? 0;
      work[j] = undefined;
      dropped += 1;
    }
    if (firstDrop < 0) firstDrop = i;
    i = end - 1;
  }

  const kept: Turn[] = [];
  for (let i = 0; i < work.length; i++) {
    const t = work[i];
    if (i === firstDrop) {
      const note = dropNote(dropped);
      kept.push(note);
      total += estimateTurnTokens(note, cpt);
    }
    if (t !== undefined) kept.push(t);
  }
  const parts = [cleared > 0 ? `${cleared} older tool output(s) replaced by markers` : '', dropped > 0 ? `${dropped} older message(s) dropped` : ''].filter(Boolean);
  return {
    turns: kept,
    estimatedTokens: total,
    droppedTurns: dropped,
    clearedResults: cleared,
    fits: total <= options.budgetTokens,
    ...(parts.length > 0 ? { note: `Context trimmed to fit the model's window: ${parts.join(', ')}.` } : {}),
  };
}

function dropNote(dropped: number): Turn {
  return { role: 'user', text: `[Context note: ${dropped} earlier message(s) were dropped to fit the model's context window. The original task and the most recent steps are kept; re-read files if you need them.]` };
}

/** Index where the last `rounds` assistant messages (with what follows them) begin. */
function startOfLastRounds(turns: readonly Turn[], rounds: number): number {
  let seen = 0;
  for (let i = turns.length - 1; i >= 0; i--) {
    if (turns[i]?.role === 'assistant' && ++seen >= rounds) return i;
  }
  return 0;
}

function findLastIndex<T>(items: readonly T[], predicate: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (predicate(items[i] as T)) return i;
  return -1;
}
