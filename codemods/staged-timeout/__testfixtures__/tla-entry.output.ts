import { Client } from 'pg';
import { stage, withTimeout } from '../lifeguard-runtime.js';

const client = new Client();

async function main(): Promise<void> {
  await withTimeout(client.connect(), 15000, 'client.connect');
  await withTimeout(client.query('select 1'), 15000, 'client.query');
}

await stage('startup', 30000, () => main());
