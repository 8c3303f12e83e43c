import type { Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';

export class Broadcaster {
  private readonly wss: WebSocketServer;

  constructor(server: Server, private readonly feed: NodeJS.EventEmitter) {
    this.wss = new WebSocketServer({ server });
    this.feed.on('message', (message: string) => this.broadcast(message));
    setInterval(() => this.wss.clients.forEach((client: WebSocket) => client.ping()), 30000);
  }

  broadcast(message: string): void {
    for (const client of this.wss.clients) client.send(message);
  }

  close(): void {
    this.wss.close();
  }
}
