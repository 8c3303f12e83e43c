import { store } from './store.js';

export function status(): string {
  return `${store.sessions.size} sessions`;
}
