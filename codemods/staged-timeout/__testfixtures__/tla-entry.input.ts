import { Client } from 'pg';

const client = new Client();

async function main(): Promise<void> {
  await client.connect();
  await client.query('select 1');
}

await main();
