import { withTimeout, ListenerScope } from '../lifeguard-runtime.js';
import type { Store } from './store.js';

export class Dashboard {
  private readonly scope = new ListenerScope();

  constructor(private readonly store: Store) {
    this.scope.on(this.store, 'change', () => this.render());
    this.scope.add(this.store.updates$.subscribe(() => this.render()));
  }

  async load(): Promise<void> {
    await withTimeout(fetch('/api'), 1000, 'load');
  }

  render(): void {}

  destroy(): void {
    console.log('destroyed');
    this.scope.dispose();
  }
}
