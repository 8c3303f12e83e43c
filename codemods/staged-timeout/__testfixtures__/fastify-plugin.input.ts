import Fastify from 'fastify';
import fp from 'fastify-plugin';
import mongoose from 'mongoose';
import { createClient } from 'redis';

const app = Fastify({ logger: true });

app.register(
  fp(async (instance) => {
    await mongoose.connect(process.env.MONGO_URL!);
    instance.decorate('db', mongoose.connection);
  }),
);

async function start() {
  const cache = createClient({ url: process.env.REDIS_URL });
  await cache.connect();
  await app.listen({ port: 3000, host: '0.0.0.0' });
}

start();
