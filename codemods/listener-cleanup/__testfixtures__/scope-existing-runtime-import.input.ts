import { withTimeout } from '../lifeguard-runtime.js';
import type { Store } from './store.js';

export class Dashboard {
  constructor(private readonly store: Store) {
    this.store.on('change', () => this.render());
    this.store.updates$.subscribe(() => this.render());
  }

  async load(): Promise<void> {
    await withTimeout(fetch('/api'), 1000, 'load');
  }

  render(): void {}

  destroy(): void {
    console.log('destroyed');
  }
}
