// A `once` listener for a signal, added per connection: it stays until the signal comes, so it is removed when the connection closes.
import { WebSocketServer } from 'ws';

export function serve(port) {
  const wss = new WebSocketServer({ port });
  wss.on('connection', (ws) => {
    const onSigterm = () => ws.close(1001, 'server shutting down');
    process.once('SIGTERM', onSigterm);
    ws.once('close', () => process.off('SIGTERM', onSigterm));
    ws.on('message', (data) => ws.send(data));
  });
  return wss;
}
