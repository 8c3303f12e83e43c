// Real WebSocket clients on loopback: each joins a room, chats and leaves.
import WebSocket from 'ws';

function once(socket, predicate) {
  return new Promise((resolve, reject) => {
    const onMessage = (data) => {
      const message = JSON.parse(String(data));
      if (predicate(message)) {
        socket.off('message', onMessage);
        resolve(message);
      }
    };
    socket.on('message', onMessage);
    socket.once('error', reject);
  });
}

async function visit(port, index, rooms, transcriptEvery) {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/?room=room-${index % rooms}&nick=user-${index}`);
  const welcome = once(socket, (message) => message.type === 'welcome');
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  await welcome;
  const text = `hello from ${index}`;
  const echo = once(socket, (message) => message.type === 'message' && message.text === text);
  socket.send(text);
  await echo;
  if (transcriptEvery > 0 && index % transcriptEvery === 0) {
    // One visitor in `transcriptEvery` asks for the room's transcript, which the server renders in a worker thread.
    const transcript = once(socket, (message) => message.type === 'transcript');
    socket.send('/transcript');
    await transcript;
  }
  await new Promise((resolve) => {
    socket.once('close', resolve);
    socket.close();
  });
}

/** Runs `connections` client visits, `concurrency` at a time; every `transcriptEvery`-th visitor also asks for a transcript. */
export async function churn(port, { connections, rooms = 10, concurrency = 50, offset = 0, transcriptEvery = 0 }) {
  let next = 0;
  const worker = async () => {
    while (next < connections) {
      const index = offset + next;
      next += 1;
      await visit(port, index, rooms, transcriptEvery);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, connections) }, worker));
}
