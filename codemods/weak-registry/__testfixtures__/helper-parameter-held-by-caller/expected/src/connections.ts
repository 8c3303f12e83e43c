import { WeakRegistry } from './lifeguard-runtime.js';

export class Connection {
  constructor(readonly id: string) {}
}

const open = new WeakRegistry<string, Connection>();

// The helper's only caller hands the connection back to its own caller, which holds it.
function track(connection: Connection): void {
  open.set(connection.id, connection);
}

export function connect(id: string): Connection {
  const connection = new Connection(id);
  track(connection);
  return connection;
}

export function byId(id: string): Connection | undefined {
  return open.get(id);
}
