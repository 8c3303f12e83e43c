import { start } from './main.js';
import { stage } from '../lifeguard-runtime.js';

stage('startup', 30000, () => start())
  .then((service) => {
    console.log(`listening on ${service.port}`);
  })
  .catch((error: unknown) => {
    console.error('failed to start:', error);
    process.exitCode = 1;
  });
