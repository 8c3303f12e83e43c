#!/usr/bin/env node
// Seeds the local database.
const { MongoClient } = require('mongodb');
const { stage, withTimeout } = require('../lifeguard-runtime.js');

const client = new MongoClient(process.env.MONGO_URL);

stage('startup', 30000, async () => {
  await withTimeout(client.connect(), 15000, 'client.connect');
  await withTimeout(client.db('app').collection('users').insertOne({ name: 'admin' }), 15000, 'client.db().collection().insertOne');
  await withTimeout(client.close(), 15000, 'client.close');
});
