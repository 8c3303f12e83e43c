import { bus } from './bus.js';

export class Session {
  private readonly onLogout = () => this.end();

  constructor() {
    bus.on('logout', this.onLogout);
  }

  end(): void {}

  [Symbol.dispose](): void {
    bus.off('logout', this.onLogout);
  }
}
