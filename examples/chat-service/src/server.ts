import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { bus, type Broadcast } from './bus.js';
import type { ChatConfig } from './config.js';
import type { HistoryClient } from './history-client.js';
import { Room } from './room.js';

export class ChatServer {
  private readonly rooms = new Map<string, Room>();
  private wss: WebSocketServer | null = null;

  constructor(
    private readonly config: ChatConfig,
    private readonly history: HistoryClient,
  ) {}

  async listen(): Promise<number> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: this.config.port });
    this.wss = wss;
    wss.on('connection', (socket: WebSocket, request) => {
      const url = new URL(request.url ?? '/', 'ws://localhost');
      const room = this.roomFor(url.searchParams.get('room') ?? 'lobby');
      const connection = room.join(socket, url.searchParams.get('nick') ?? 'anonymous');

      bus.on('announcement', (announcement: Broadcast) => connection.send({ type: 'announcement', ...announcement }));
      process.on('SIGUSR2', () => connection.send({ type: 'notice', text: 'the server is reloading' }));
      setInterval(() => socket.ping(), this.config.heartbeatMs);

      socket.on('message', (data) => {
        const text = String(data).slice(0, 2000);
        if (text === '/transcript') {
          // Rendering the history is CPU work: it runs in a worker thread, off the event loop.
          const renderer = new Worker(new URL('./transcript-worker.js', import.meta.url));
          renderer.once('message', (transcript: string) => connection.send({ type: 'transcript', room: room.name, transcript }));
          renderer.postMessage(room.history);
          return;
        }
        room.post(connection, text);
        this.history.append(room.name, connection.nickname, text);
      });
      socket.on('close', () => room.leave(connection));
    });
    await once(wss, 'listening');
    return (wss.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    const wss = this.wss;
    if (!wss) return;
    for (const client of wss.clients) client.terminate();
    await new Promise<void>((resolve) => wss.close(() => resolve()));
    this.wss = null;
  }

  private roomFor(name: string): Room {
    let room = this.rooms.get(name);
    if (!room) {
      room = new Room(name);
      this.rooms.set(name, room);
    }
    return room;
  }
}
