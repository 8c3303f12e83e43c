import { randomUUID } from 'node:crypto';
import type { WebSocket } from 'ws';

export interface ChatMessage {
  from: string;
  text: string;
  at: number;
}

/** Every live connection by id, for direct messages and the admin API. */
const connectionsById = new Map<string, Connection>();

export function findConnection(id: string): Connection | undefined {
  return connectionsById.get(id);
}

/** For the metrics endpoint. */
export function indexedConnectionCount(): number {
  return connectionsById.size;
}

export class Connection {
  readonly id = randomUUID();

  constructor(
    readonly socket: WebSocket,
    readonly room: Room,
    readonly nickname: string,
  ) {}

  send(payload: unknown): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(payload));
  }
}

export class Room {
  readonly members = new Set<Connection>();
  readonly history: ChatMessage[] = [];

  constructor(readonly name: string) {}

  join(socket: WebSocket, nickname: string): Connection {
    const connection = new Connection(socket, this, nickname);
    connectionsById.set(connection.id, connection);
    this.members.add(connection);
    connection.send({ type: 'welcome', room: this.name, history: this.history.slice(-20) });
    return connection;
  }

  leave(connection: Connection): void {
    this.members.delete(connection);
  }

  post(from: Connection, text: string): ChatMessage {
    const message = { from: from.nickname, text, at: Date.now() };
    this.history.push(message);
    if (this.history.length > 200) this.history.shift();
    for (const member of this.members) member.send({ type: 'message', room: this.name, ...message });
    return message;
  }
}
