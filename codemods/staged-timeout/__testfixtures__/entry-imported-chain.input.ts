import { start } from './main.js';

start()
  .then((service) => {
    console.log(`listening on ${service.port}`);
  })
  .catch((error: unknown) => {
    console.error('failed to start:', error);
    process.exitCode = 1;
  });
