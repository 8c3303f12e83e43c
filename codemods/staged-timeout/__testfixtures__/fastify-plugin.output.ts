import Fastify from 'fastify';
import fp from 'fastify-plugin';
import mongoose from 'mongoose';
import { createClient } from 'redis';
import { stage, withTimeout } from '../lifeguard-runtime.js';

const app = Fastify({ logger: true });

app.register(
  fp(async (instance) => {
    await withTimeout(mongoose.connect(process.env.MONGO_URL!), 15000, 'mongoose.connect');
    instance.decorate('db', mongoose.connection);
  }),
);

async function start() {
  const cache = createClient({ url: process.env.REDIS_URL });
  await withTimeout(cache.connect(), 15000, 'cache.connect');
  await app.listen({ port: 3000, host: '0.0.0.0' });
}

stage('startup', 30000, () => start());
