// Real peers on loopback for the demo: the history store the chat service
// depends on, healthy or silent.
import net from 'node:net';

function listen(server) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server.address().port));
  });
}

function closer(server, sockets) {
  return () =>
    new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
}

/** A history store that greets `HELLO` and accepts one JSON line per message. */
export async function startHistoryStore() {
  const sockets = new Set();
  let lines = 0;
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => {
      lines += chunk.split('\n').length - 1;
    });
    socket.write('HELLO history/1\n');
  });
  const port = await listen(server);
  return { port, lines: () => lines, close: closer(server, sockets) };
}

/** A dependency that accepts TCP connections and never answers: the classic startup hang. */
export async function startSilentDependency() {
  const sockets = new Set();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('data', () => {});
  });
  const port = await listen(server);
  return { port, connections: () => sockets.size, close: closer(server, sockets) };
}
