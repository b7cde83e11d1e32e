// What Stop Everything cancels in this window: agent turns and commands in
// flight. Plain Node, tested beside.
import type { Disposable } from '../../core/disposable';
import { Emitter, type Event } from '../../core/event';

/** Something Stop Everything can cancel: an agent turn, or a command this window runs. */
export interface Cancellable {
  /** The workspace folder (its path as opened) the work belongs to. */
  readonly workspace: string;
  readonly kind: 'turn' | 'command';
  /** Stops the work; must not throw, and must not wait for it to wind down. */
  cancel(reason: string): void;
}

/** What a stop cancelled, per workspace. */
export type CancelledCounts = ReadonlyMap<string, { readonly turns: number; readonly commands: number }>;

/**
 * The registry the agent and the command runners put their work in while it
 * runs (`register`, then dispose the result when done). `stopAll` cancels all of
 * it and fires `onDidStop` for work that watches the event instead.
 */
export class StopRegistry implements Disposable {
  private readonly active = new Set<Cancellable>();
  private readonly _onDidStop = new Emitter<string>();
  /** Fires with the reason when Stop Everything runs, after the registered work was cancelled. */
  readonly onDidStop: Event<string> = this._onDidStop.event;
  private readonly _onDidChange = new Emitter<number>();
  /** Fires with the number of registered items when it changes. */
  readonly onDidChange: Event<number> = this._onDidChange.event;

  /** Registers running work until the result is disposed. */
  register(item: Cancellable): Disposable {
    this.active.add(item);
    this._onDidChange.fire(this.active.size);
    return {
      dispose: () => {
        if (this.active.delete(item)) this._onDidChange.fire(this.active.size);
      },
    };
  }

  /** How many items run now. */
  get size(): number {
    return this.active.size;
  }

  /** Cancels everything registered, counts it by workspace, and fires `onDidStop`. */
  stopAll(reason: string): CancelledCounts {
    const counts = new Map<string, { turns: number; commands: number }>();
    for (const item of [...this.active]) {
      this.active.delete(item);
      try {
        item.cancel(reason);
      } catch {
        // One failing cancel must not keep the others running.
      }
      const c = counts.get(item.workspace) ?? { turns: 0, commands: 0 };
      if (item.kind === 'turn') c.turns++;
      else c.commands++;
      counts.set(item.workspace, c);
    }
    this._onDidChange.fire(0);
    this._onDidStop.fire(reason);
    return counts;
  }

  dispose(): void {
    this.active.clear();
    this._onDidStop.dispose();
    this._onDidChange.dispose();
  }
}
