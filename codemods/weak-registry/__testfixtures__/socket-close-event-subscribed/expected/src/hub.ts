import type { Socket } from './socket.js';

const clients = new Map<string, Socket>();

export function register(ws: Socket): void {
  const key = ws.id;
  clients.set(key, ws);
  ws.once('close', () => { if (clients.get(key) === ws) clients.delete(key); });
}

export function broadcast(data: string): void {
  for (const ws of clients.values()) ws.send(data);
}
