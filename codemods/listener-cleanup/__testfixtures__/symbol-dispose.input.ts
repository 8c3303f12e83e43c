import { bus } from './bus.js';

export class Session {
  constructor() {
    bus.on('logout', () => this.end());
  }

  end(): void {}

  [Symbol.dispose](): void {}
}
