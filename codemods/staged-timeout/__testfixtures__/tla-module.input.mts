import { createClient } from 'redis';
import { connect } from './queue.js';

export const redis = createClient({ url: process.env.REDIS_URL });
await redis.connect();

export const queue = await connect(process.env.AMQP_URL);
