import { WebSocketServer } from 'ws';

const wss = new WebSocketServer({ port: 8080 });

function onReload(): void {
  console.log('reload');
}

export function serve(): void {
  wss.on('connection', (ws) => {
    process.on('SIGUSR2', onReload);
    process.on('uncaughtException', (error) => {
      ws.send(String(error));
    });
    ws.on('message', (data) => ws.send(data));
  });
}
