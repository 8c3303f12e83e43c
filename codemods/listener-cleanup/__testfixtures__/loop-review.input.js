import { bus } from './bus.js';

export function register(items) {
  for (const item of items) {
    bus.on('reset', () => item.reset());
  }
}
