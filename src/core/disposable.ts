/** Anything that holds a resource until disposed (VS Code's shape, usable without `vscode`). */
export interface Disposable {
  dispose(): void;
}

/** Owns disposables and disposes them together, last registered first. */
export class DisposableStore implements Disposable {
  private items: Disposable[] = [];
  private disposed = false;

  add<T extends Disposable>(item: T): T {
    if (this.disposed) item.dispose();
    else this.items.push(item);
    return item;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const item of this.items.reverse()) {
      try {
        item.dispose();
      } catch {
        // One failing disposer must not keep the others from running.
      }
    }
    this.items = [];
  }
}
