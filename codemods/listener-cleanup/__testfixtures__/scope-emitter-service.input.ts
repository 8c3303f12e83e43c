import { bus } from './bus.js';

export class Presence {
  start(): void {
    bus.on('join', (user: string) => this.add(user));
    window.addEventListener('online', () => this.sync(), { capture: true });
    setInterval(() => this.sync(), 30_000);
  }

  add(user: string): void {}
  sync(): void {}
}
