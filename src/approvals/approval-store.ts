import type { ApprovalItem } from './approval';

/** Where pending approvals are kept so they survive a window reload. */
export interface ApprovalStore {
  /** Every item saved last; empty when nothing was saved yet. */
  load(): Promise<readonly ApprovalItem[]>;
  /** Replaces what is saved with `items`. */
  save(items: readonly ApprovalItem[]): Promise<void>;
}

/** A store that keeps nothing (tests, the CLI). */
export function memoryApprovalStore(initial: readonly ApprovalItem[] = []): ApprovalStore & { readonly saved: readonly ApprovalItem[] } {
  let saved: readonly ApprovalItem[] = initial;
  return {
    get saved() {
      return saved;
    },
    load: async () => saved,
    save: async (items) => {
      saved = structuredClone([...items]);
    },
  };
}
