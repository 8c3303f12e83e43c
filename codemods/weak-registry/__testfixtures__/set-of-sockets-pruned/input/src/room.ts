import type { Socket } from './socket.js';

const members = new Set<Socket>();

export function join(ws: Socket): void {
  members.add(ws);
}

export function say(text: string): void {
  for (const ws of members) ws.send(text);
}
