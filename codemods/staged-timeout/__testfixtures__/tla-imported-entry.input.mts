import { start } from './app.js';

const service = await start();
console.log(`listening on ${service.port}`);
