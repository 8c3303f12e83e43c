// A `once` listener for a signal, added per connection: it stays until the signal comes, so it is removed when the connection closes.
import { WebSocketServer } from 'ws';

export function serve(port) {
  const wss = new WebSocketServer({ port });
  wss.on('connection', (ws) => {
    process.once('SIGTERM', () => ws.close(1001, 'server shutting down'));
    ws.on('message', (data) => ws.send(data));
  });
  return wss;
}
