import { EventEmitter } from 'node:events';

export interface Broadcast {
  room: string;
  from: string;
  text: string;
  at: number;
}

/** Process-wide fan-out of chat messages, so every room's members see announcements. */
export const bus = new EventEmitter();
bus.setMaxListeners(0);

export function announce(text: string): void {
  bus.emit('announcement', { room: '*', from: 'server', text, at: Date.now() } satisfies Broadcast);
}
