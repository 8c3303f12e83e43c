const express = require('express');
const mongoose = require('mongoose');
const amqp = require('amqplib');

const app = express();
app.get('/health', (req, res) => res.send('ok'));

async function start() {
  await mongoose.connect(process.env.MONGO_URL);
  const connection = await amqp.connect(process.env.AMQP_URL);
  app.locals.channel = await connection.createChannel();
  app.listen(3000, () => console.log('listening'));
}

start().catch((error) => {
  console.error(error);
  process.exit(1);
});
