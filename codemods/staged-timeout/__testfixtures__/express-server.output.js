const express = require('express');
const mongoose = require('mongoose');
const amqp = require('amqplib');
const { stage, withTimeout } = require('../lifeguard-runtime.js');

const app = express();
app.get('/health', (req, res) => res.send('ok'));

async function start() {
  await withTimeout(mongoose.connect(process.env.MONGO_URL), 15000, 'mongoose.connect');
  const connection = await withTimeout(amqp.connect(process.env.AMQP_URL), 15000, 'amqp.connect');
  app.locals.channel = await withTimeout(connection.createChannel(), 15000, 'connection.createChannel');
  app.listen(3000, () => console.log('listening'));
}

stage('startup', 30000, () => start()).catch((error) => {
  console.error(error);
  process.exit(1);
});
