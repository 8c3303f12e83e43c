import { bus } from './bus.js';

export class Presence {
  private readonly onJoin = (user: string) => this.add(user);
  private readonly onOnline = () => this.sync();
  private syncInterval?: ReturnType<typeof setInterval>;

  start(): void {
    bus.on('join', this.onJoin);
    window.addEventListener('online', this.onOnline, { capture: true });
    this.syncInterval = setInterval(() => this.sync(), 30_000);
  }

  add(user: string): void {}
  sync(): void {}

  dispose(): void {
    bus.off('join', this.onJoin);
    window.removeEventListener('online', this.onOnline, true);
    clearInterval(this.syncInterval);
  }
}
