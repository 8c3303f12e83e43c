import net from 'node:net';

/**
 * Client of the message-history store: a line protocol over TCP. The store
 * greets with `HELLO` once it has loaded its index; until then it is not ready.
 */
export class HistoryClient {
  ready = false;
  private socket: net.Socket | null = null;

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {}

  connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(this.port, this.host);
      this.socket = socket;
      socket.setEncoding('utf8');
      socket.once('error', reject);
      socket.once('data', (greeting: string) => {
        if (greeting.startsWith('HELLO')) {
          this.ready = true;
          resolve();
        } else {
          reject(new Error(`history store answered ${JSON.stringify(greeting.trim())}`));
        }
      });
    });
  }

  append(room: string, from: string, text: string): void {
    this.socket?.write(`${JSON.stringify({ room, from, text })}\n`);
  }

  close(): void {
    this.socket?.end();
    this.socket = null;
  }
}
