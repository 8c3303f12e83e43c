import { WebSocketServer, type WebSocket } from 'ws';

export class Gateway {
  private wss: WebSocketServer | null = null;

  listen(port: number): void {
    const wss = new WebSocketServer({ port });
    this.wss = wss;
    wss.on('connection', (socket: WebSocket) => {
      const interval = setInterval(() => socket.ping(), 30_000);
      socket.once('close', () => clearInterval(interval));
      socket.on('message', (data) => socket.send(data));
    });
  }

  close(): void {
    this.wss?.close();
  }
}
