import { handlers } from './registry.js';

export class Plugin {
  start(): void {
    handlers.push({ owner: this, run: () => undefined });
  }
}
