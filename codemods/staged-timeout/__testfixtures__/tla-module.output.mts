import { createClient } from 'redis';
import { connect } from './queue.js';
import { withTimeout } from '../lifeguard-runtime.js';

export const redis = createClient({ url: process.env.REDIS_URL });
await withTimeout(redis.connect(), 15000, 'redis.connect');

export const queue = await withTimeout(connect(process.env.AMQP_URL), 15000, 'connect');
