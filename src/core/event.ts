import type { Disposable } from './disposable';

/** A subscription function in VS Code's shape, usable without `vscode`. */
export type Event<T> = (listener: (value: T) => void) => Disposable;

/** Fires events to listeners; owners keep it private and expose `event`. */
export class Emitter<T> implements Disposable {
  private listeners = new Set<(value: T) => void>();

  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }

  dispose(): void {
    this.listeners.clear();
  }
}
