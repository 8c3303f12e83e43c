#!/usr/bin/env node
// Seeds the local database.
const { MongoClient } = require('mongodb');

const client = new MongoClient(process.env.MONGO_URL);

(async () => {
  await client.connect();
  await client.db('app').collection('users').insertOne({ name: 'admin' });
  await client.close();
})();
