import { start } from './app.js';
import { stage } from '../lifeguard-runtime.js';

const service = await stage('startup', 30000, () => start());
console.log(`listening on ${service.port}`);
