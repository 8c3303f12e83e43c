import { start } from './main.js';

start()
  .then((service) => {
    console.log(`chat service listening on ws://127.0.0.1:${service.port}`);
    process.once('SIGTERM', () => void service.close());
  })
  .catch((error: unknown) => {
    console.error('chat service failed to start:', error);
    process.exit(1);
  });
