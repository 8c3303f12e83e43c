import { WebSocketServer } from 'ws';

const wss = new WebSocketServer({ port: 8080 });

function onReload(): void {
  console.log('reload');
}

export function serve(): void {
  wss.on('connection', (ws) => {
    process.on('SIGUSR2', onReload);
    ws.once('close', () => process.off('SIGUSR2', onReload));
    const onUncaughtException = (error: any) => {
      ws.send(String(error));
    };
    process.on('uncaughtException', onUncaughtException);
    ws.once('close', () => process.off('uncaughtException', onUncaughtException));
    ws.on('message', (data) => ws.send(data));
  });
}
