import type { Socket } from './socket.js';

const sockets = new Map<string, Socket>();
let closed = 0;

export function accept(id: string, ws: Socket): void {
  sockets.set(id, ws);
  ws.once('close', () => {
    closed += 1;
  });
}

export function sendTo(id: string, data: string): void {
  sockets.get(id)?.send(data);
}

export function closedCount(): number {
  return closed;
}
