import { bus } from './bus.js';
import { ListenerScope } from '../lifeguard-runtime.js';

export class Presence {
  private readonly scope = new ListenerScope();

  start(): void {
    this.scope.on(bus, 'join', (user: string) => this.add(user));
    this.scope.on(window, 'online', () => this.sync(), { capture: true });
    this.scope.setInterval(() => this.sync(), 30_000);
  }

  add(user: string): void {}
  sync(): void {}

  dispose(): void {
    this.scope.dispose();
  }
}
