import rule from '../../rules/require-startup-timeout.js';
import { espreeCommonJS, espreeModule, ruleTester } from '../rule-tester.js';

ruleTester.run('require-startup-timeout', rule, {
  valid: [
    // A worker's start() that consumes until stopped: its awaits are per-iteration work, not startup steps (kafkajs fetcher).
    {
      code: `
const createFetcher = ({ fetch, workerQueue }) => {
  let isRunning = false;
  const start = async () => {
    if (isRunning) return;
    isRunning = true;
    while (isRunning) {
      const batches = await fetch();
      await workerQueue.push(...batches);
    }
  };
  return { start, stop: () => { isRunning = false; } };
};`,
      ...espreeModule,
    },
    // The same with a negated stopping flag (bullmq's worker loop) and with for (;;).
    `
class Worker {
  async start() {
    while (!(this.closing || this.paused)) {
      const job = await this.queue.next();
      await this.process(job);
    }
  }
}`,
    `
export async function main() {
  for (;;) {
    const message = await consumer.receive();
    await handle(message);
  }
}`,
    // Wrapped in withTimeout from the runtime.
    {
      code: `
import { withTimeout } from 'lifeguard-runtime';

export async function bootstrap() {
  await withTimeout(db.connect(), 10_000, 'db.connect');
}`,
    },
    // A stage: awaits inside its callback are the stage's steps, bounded by it.
    {
      code: `
import { stage, withTimeout } from 'lifeguard-runtime';

export async function main() {
  await stage('data-layer', 20_000, async () => {
    await db.connect();
    await cache.connect();
  });
}`,
    },
    // p-timeout under any local name.
    {
      code: `
import withDeadline from 'p-timeout';

async function start() {
  await withDeadline(redis.connect(), { milliseconds: 5000 });
}`,
    },
    // Promise.race with a setTimeout rejection branch.
    {
      code: `
async function init() {
  await Promise.race([
    broker.connect(),
    new Promise((_, reject) => setTimeout(() => reject(new Error('broker.connect timed out')), 5000)),
  ]);
}`,
    },
    // Promise.race with timers/promises.
    {
      code: `
import { setTimeout as sleep } from 'node:timers/promises';

async function init() {
  await Promise.race([queue.ready(), sleep(5000).then(() => { throw new Error('queue not ready'); })]);
}`,
    },
    // fetch with AbortSignal.timeout.
    {
      code: `
export async function bootstrap() {
  const response = await fetch(configUrl, { signal: AbortSignal.timeout(5000) });
  config = await withTimeout(response.json(), 1000, 'config body');
}`,
    },
    // fetch with AbortSignal.any over a timeout signal.
    {
      code: `
export async function start(shutdown: AbortController) {
  await fetch(registryUrl, { method: 'POST', signal: AbortSignal.any([shutdown.signal, AbortSignal.timeout(3000)]) });
}`,
    },
    // An AbortController aborted by a timer.
    {
      code: `
async function main() {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 5000);
  try {
    await fetch(configUrl, { signal: controller.signal });
  } finally {
    clearTimeout(timer);
  }
}`,
    },
    // axios with a timeout.
    {
      code: `
import axios from 'axios';

export async function init() {
  await axios.get(settingsUrl, { timeout: 5000 });
}`,
    },
    // mongoose with serverSelectionTimeoutMS.
    {
      code: `
import mongoose from 'mongoose';

export async function bootstrap() {
  await mongoose.connect(process.env.MONGO_URL, { serverSelectionTimeoutMS: 5000 });
}`,
    },
    // pg: the pool was created with connectionTimeoutMillis.
    {
      code: `
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.DATABASE_URL, connectionTimeoutMillis: 5000 });

export async function start() {
  await pool.query('SELECT 1');
}`,
    },
    // ioredis with connectTimeout.
    {
      code: `
import Redis from 'ioredis';

const redis = new Redis({ host: 'redis', lazyConnect: true, connectTimeout: 10_000 });

export async function init() {
  await redis.connect();
}`,
    },
    // node-redis v4: socket.connectTimeout.
    {
      code: `
import { createClient } from 'redis';

const client = createClient({ url: process.env.REDIS_URL, socket: { connectTimeout: 5000 } });
await client.connect();
`,
    },
    // kafkajs: connectionTimeout on the client bounds the producer it makes.
    {
      code: `
import { Kafka } from 'kafkajs';

const kafka = new Kafka({ clientId: 'api', brokers: ['kafka:9092'], connectionTimeout: 3000 });
const producer = kafka.producer();

export async function start() {
  await producer.connect();
}`,
    },
    // amqplib with a connection timeout, as a CommonJS main().
    {
      code: `
const amqp = require('amqplib');

async function main() {
  const connection = await amqp.connect(process.env.AMQP_URL, { timeout: 10000 });
  const channel = await withTimeout(connection.createChannel(), 5000, 'amqp channel');
  return channel;
}

main();`,
      ...espreeCommonJS,
    },
    // Delays, file reads and dynamic imports settle on their own.
    {
      code: `
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

export async function bootstrap() {
  const config = JSON.parse(await readFile('config.json', 'utf8'));
  await sleep(100);
  const { plugin } = await import('./plugin.js');
  return plugin(config);
}`,
    },
    // CommonJS: fs.promises through require.
    {
      code: `
const fs = require('fs');

async function main() {
  const raw = await fs.promises.readFile('./config.json', 'utf8');
  await sleep(250);
  return JSON.parse(raw);
}`,
      ...espreeCommonJS,
    },
    // A route handler registered during startup is not a startup step.
    {
      code: `
import express from 'express';

export async function bootstrap() {
  const app = express();
  app.get('/users', async (req, res) => {
    res.json(await db.query('SELECT * FROM users'));
  });
  await app.listen(3000);
}`,
    },
    // Not startup code.
    {
      code: `
export async function getUser(id: string) {
  return db.users.findOne({ id });
}

export async function saveOrder(order: Order) {
  await db.orders.insert(order);
}`,
    },
    // NestJS main.ts: NestFactory.create runs the hooks that are checked where they are written.
    {
      code: `
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  await app.listen(3000);
}
bootstrap();`,
    },
    // Fastify bootstrap: plugin loading is bounded by Fastify's pluginTimeout.
    {
      code: `
import Fastify from 'fastify';
import cors from '@fastify/cors';

const app = Fastify({ logger: true });
await app.register(cors);
await app.ready();
await app.listen({ port: 3000, host: '0.0.0.0' });
`,
    },
    // Angular: a synchronous ngOnInit; Moleculer: a synchronous started() returning a promise.
    {
      code: `
export class AppComponent implements OnInit {
  ngOnInit() {
    this.users$ = this.http.get<User[]>('/api/users');
  }
}

export const service = {
  name: 'orders',
  started() {
    return this.broker.waitForServices(['db']);
  },
};`,
    },
    // p-retry with maxRetryTime.
    {
      code: `
import pRetry from 'p-retry';

export async function start() {
  await pRetry(() => db.connect(), { retries: 5, maxRetryTime: 30_000 });
}`,
    },
    // p-retry whose every attempt is bounded.
    {
      code: `
import pRetry from 'p-retry';
import { withTimeout } from 'lifeguard-runtime';

export async function start() {
  await pRetry(() => withTimeout(db.connect(), 5000, 'db.connect'), { retries: 5 });
}`,
    },
    // A retry helper with an attempt cap whose attempt is bounded.
    {
      code: `
async function init() {
  for (let attempt = 1; attempt <= 5; attempt++) {
    try {
      await withTimeout(broker.connect(), 5000, 'broker.connect');
      return;
    } catch (error) {
      if (attempt === 5) throw error;
      await sleep(attempt * 1000);
    }
  }
}`,
    },
    // Every element of Promise.all is bounded.
    {
      code: `
async function bootstrap() {
  await Promise.all([
    withTimeout(db.connect(), 5000, 'db.connect'),
    withTimeout(cache.connect(), 2000, 'cache.connect'),
  ]);
}`,
    },
    // A promise held in a variable that is bounded where it is made.
    {
      code: `
async function start() {
  const ready = withTimeout(db.connect(), 5000, 'db.connect');
  await loadRoutes();
  await ready;
}
function loadRoutes() {}`,
      options: [{"neverHangingCalls": ["loadRoutes"]}],
    },
    // Hand-made promises around a port bind or a delay.
    {
      code: `
export async function start() {
  await new Promise((resolve) => server.listen(port, resolve));
  await new Promise((resolve) => setTimeout(resolve, 100));
}`,
    },
    // events.once with a timeout signal.
    {
      code: `
import { once } from 'node:events';

export async function init() {
  await once(worker, 'online', { signal: AbortSignal.timeout(5000) });
}`,
    },
    // withTimeout with a callback that takes the signal.
    {
      code: `
export async function setup() {
  const settings = await withTimeout((signal) => fetch(settingsUrl, { signal }).then((r) => r.json()), 5000, 'fetch settings');
  return settings;
}`,
    },
    // A phase whose steps are all bounded is not reported itself.
    {
      code: `
export class App {
  async bootstrap() {
    await this.initDatabase();
  }

  private async initDatabase() {
    await withTimeout(this.db.connect(), 5000, 'db.connect');
  }
}`,
    },
    // for await is a consumer, not a step.
    {
      code: `
async function main() {
  for await (const message of subscription) {
    handle(message);
  }
}`,
    },
    // neverHangingCalls: a config loader known to settle.
    {
      code: `
export async function bootstrap() {
  await config.load();
  await this.cache.warm();
}`,
      options: [{"neverHangingCalls": ["config.load", "*.warm"]}],
    },
    // timeoutHelpers: a project's own helper.
    {
      code: `
export async function bootstrap() {
  await timeBox(db.connect(), 5000);
}`,
      options: [{"timeoutHelpers": ["timeBox"]}],
    },
    // startupFiles: a file that does not match.
    {
      code: `
export async function connectAll() {
  await db.connect();
}`,
      options: [{"startupFiles": ["src/bootstrap/**"]}],
      filename: "src/services/connections.ts",
    },
    // startupFunctions replaces the default list.
    {
      code: `
export async function init() {
  await db.connect();
}`,
      options: [{"startupFunctions": ["run"]}],
    },
    // Hapi plugin with a bounded register.
    {
      code: `
export const plugin = {
  name: 'db',
  register: async (server, options) => {
    await withTimeout(pool.connect(), 5000, 'pg');
  },
};`,
      ...espreeModule,
    },
    // A free port: the promise settles in the listen callback (bullmq's getFreePort).
    {
      code: `
export async function init() {
  const port = await new Promise((resolve) => {
    const server = createServer();
    server.listen(0, () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
  return port;
}`,
    },
  ],
  invalid: [
    // A loop that waits for readiness is not a run loop: a hung connect() inside it still blocks startup.
    {
      code: `
async function start() {
  while (!this.connected) {
    await this.client.connect();
  }
}`,
      errors: [
        {
          messageId: 'unboundedStartupStep',
          line: 4,
          column: 11,
          suggestions: [
            {
              messageId: 'wrapInWithTimeout',
              output: `
import { withTimeout } from 'lifeguard-runtime';
async function start() {
  while (!this.connected) {
    await withTimeout(this.client.connect(), 10000, 'this.client.connect');
  }
}`,
            },
          ],
        },
      ],
    },
    // NestJS: Prisma's $connect in onModuleInit.
    {
      code: `
import { Injectable, OnModuleInit } from '@nestjs/common';
import { PrismaClient } from '@prisma/client';

@Injectable()
export class PrismaService extends PrismaClient implements OnModuleInit {
  async onModuleInit() {
    await this.$connect();
  }
}`,
      errors: [
        {
          messageId: 'unboundedStartupStep',
          line: 8,
          column: 11,
          suggestions: [
            {
              messageId: 'wrapInWithTimeout',
              output: `
import { Injectable, OnModuleInit } from '@nestjs/common';
import { PrismaClient } from '@prisma/client';
import { withTimeout } from 'lifeguard-runtime';

@Injectable()
export class PrismaService extends PrismaClient implements OnModuleInit {
  async onModuleInit() {
    await withTimeout(this.$connect(), 10000, 'this.$connect');
  }
}`,
            },
          ],
        },
      ],
    },
    // mongoose.connect without serverSelectionTimeoutMS.
    {
      code: `
import mongoose from 'mongoose';

export async function bootstrap() {
  await mongoose.connect(process.env.MONGO_URL);
}`,
      errors: [
        {
          messageId: 'unboundedStartupStep',
          line: 5,
          column: 9,
          suggestions: [
            {
              messageId: 'wrapInWithTimeout',
              output: `
import mongoose from 'mongoose';
import { withTimeout } from 'lifeguard-runtime';

export async function bootstrap() {
  await withTimeout(mongoose.connect(process.env.MONGO_URL), 10000, 'mongoose.connect');
}`,
            },
          ],
        },
      ],
    },
    // pg: a pool created without connectionTimeoutMillis (its default, 0, waits forever).
    {
      code: `
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.DATABASE_URL });

export async function start() {
  const client = await pool.connect();
  client.release();
}`,
      errors: [
        {
          messageId: 'unboundedStartupStep',
          line: 7,
          column: 24,
          suggestions: [
            {
              messageId: 'wrapInWithTimeout',
              output: `
import { Pool } from 'pg';
import { withTimeout } from 'lifeguard-runtime';

const pool = new Pool({ connectionString: process.env.DATABASE_URL });

export async function start() {
  const client = await withTimeout(pool.connect(), 10000, 'pool.connect');
  client.release();
}`,
            },
          ],
        },
      ],
    },
    // ioredis with lazyConnect and no connectTimeout.
    {
      code: `
import Redis from 'ioredis';

const redis = new Redis(process.env.REDIS_URL, { lazyConnect: true });

export async function init() {
  await redis.connect();
}`,
      errors: [
        {
          messageId: 'unboundedStartupStep',
          line: 7,
          column: 9,
          suggestions: [
            {
              messageId: 'wrapInWithTimeout',
              output: `
import Redis from 'ioredis';
import { withTimeout } from 'lifeguard-runtime';

const redis = new Redis(process.env.REDIS_URL, { lazyConnect: true });

export async function init() {
  await withTimeout(redis.connect(), 10000, 'redis.connect');
}`,
            },
          ],
        },
      ],
    },
    // kafkajs: a producer connected in a service's start().
    {
      code: `
import { Kafka } from 'kafkajs';

export class EventPublisher {
  private readonly producer = new Kafka({ brokers: ['kafka:9092'] }).producer();

  async start() {
    await this.producer.connect();
  }
}`,
      errors: [
        {
          messageId: 'unboundedStartupStep',
          line: 8,
          column: 11,
          suggestions: [
            {
              messageId: 'wrapInWithTimeout',
              output: `
import { Kafka } from 'kafkajs';
import { withTimeout } from 'lifeguard-runtime';

export class EventPublisher {
  private readonly producer = new Kafka({ brokers: ['kafka:9092'] }).producer();

  async start() {
    await withTimeout(this.producer.connect(), 10000, 'this.producer.connect');
  }
}`,
            },
          ],
        },
      ],
    },
    // CommonJS main() with amqplib: the suggestion adds a require.
    {
      code: `
'use strict';
const amqp = require('amqplib');

async function main() {
  const connection = await amqp.connect(process.env.AMQP_URL);
  const channel = await connection.createChannel();
  await channel.assertQueue('jobs');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});`,
      ...espreeCommonJS,
      errors: [
        {
          messageId: 'unboundedStartupStep',
          line: 6,
          column: 28,
          suggestions: [
            {
              messageId: 'wrapInWithTimeout',
              output: `
'use strict';
const amqp = require('amqplib');
const { withTimeout } = require('lifeguard-runtime');

async function main() {
  const connection = await withTimeout(amqp.connect(process.env.AMQP_URL), 10000, 'amqp.connect');
  const channel = await connection.createChannel();
  await channel.assertQueue('jobs');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});`,
            },
          ],
        },
        {
          messageId: 'unboundedStartupStep',
          line: 7,
          column: 25,
          suggestions: [
            {
              messageId: 'wrapInWithTimeout',
              output: `
'use strict';
const amqp = require('amqplib');
const { withTimeout } = require('lifeguard-runtime');

async function main() {
  const connection = await amqp.connect(process.env.AMQP_URL);
  const channel = await withTimeout(connection.createChannel(), 10000, 'connection.createChannel');
  await channel.assertQueue('jobs');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});`,
            },
          ],
        },
        {
          messageId: 'unboundedStartupStep',
          line: 8,
          column: 9,
          suggestions: [
            {
              messageId: 'wrapInWithTimeout',
              output: `
'use strict';
const amqp = require('amqplib');
const { withTimeout } = require('lifeguard-runtime');

async function main() {
  const connection = await amqp.connect(process.env.AMQP_URL);
  const channel = await connection.createChannel();
  await withTimeout(channel.assertQueue('jobs'), 10000, 'channel.assertQueue');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});`,
            },
          ],
        },
      ],
    },
    // fetch without a signal: the step is named after what is fetched.
    {
      code: `
export async function bootstrap(configUrl: string) {
  const response = await fetch(configUrl);
  return response.json();
}`,
      errors: [
        {
          messageId: 'unboundedStartupStep',
          line: 3,
          column: 26,
          suggestions: [
            {
              messageId: 'wrapInWithTimeout',
              output: `
import { withTimeout } from 'lifeguard-runtime';
export async function bootstrap(configUrl: string) {
  const response = await withTimeout(fetch(configUrl), 10000, 'fetch config');
  return response.json();
}`,
            },
          ],
        },
      ],
    },
    // axios: timeout 0 means no timeout at all.
    {
      code: `
import axios from 'axios';

export async function init() {
  const { data } = await axios.get(settingsUrl, { timeout: 0 });
  return data;
}`,
      errors: [
        {
          messageId: 'unboundedStartupStep',
          line: 5,
          column: 26,
          suggestions: [
            {
              messageId: 'wrapInWithTimeout',
              output: `
import axios from 'axios';
import { withTimeout } from 'lifeguard-runtime';

export async function init() {
  const { data } = await withTimeout(axios.get(settingsUrl, { timeout: 0 }), 10000, 'axios.get settings');
  return data;
}`,
            },
          ],
        },
      ],
    },
    // Module top-level await (ESM entry point, espree, no semicolons).
    {
      code: `
import { createClient } from 'redis'

const client = createClient({ url: process.env.REDIS_URL })
await client.connect()
`,
      ...espreeModule,
      errors: [
        {
          messageId: 'unboundedStartupStep',
          line: 5,
          column: 7,
          suggestions: [
            {
              messageId: 'wrapInWithTimeout',
              output: `
import { createClient } from 'redis'
import { withTimeout } from 'lifeguard-runtime'

const client = createClient({ url: process.env.REDIS_URL })
await withTimeout(client.connect(), 10000, 'client.connect')
`,
            },
          ],
        },
      ],
    },
    // A CommonJS script's async IIFE.
    {
      code: `
const { MongoClient } = require('mongodb');

(async () => {
  const client = new MongoClient(process.env.MONGO_URL);
  await client.connect();
})();`,
      ...espreeCommonJS,
      errors: [
        {
          messageId: 'unboundedStartupStep',
          line: 6,
          column: 9,
          suggestions: [
            {
              messageId: 'wrapInWithTimeout',
              output: `
const { MongoClient } = require('mongodb');
const { withTimeout } = require('lifeguard-runtime');

(async () => {
  const client = new MongoClient(process.env.MONGO_URL);
  await withTimeout(client.connect(), 10000, 'client.connect');
})();`,
            },
          ],
        },
      ],
    },
    // Promise.all: each unbounded element is its own step.
    {
      code: `
async function bootstrap() {
  await Promise.all([db.connect(), withTimeout(cache.connect(), 5000, 'cache.connect'), broker.connect()]);
}`,
      errors: [
        {
          messageId: 'unboundedStartupStep',
          line: 3,
          column: 22,
          suggestions: [
            {
              messageId: 'wrapInWithTimeout',
              output: `
import { withTimeout } from 'lifeguard-runtime';
async function bootstrap() {
  await Promise.all([withTimeout(db.connect(), 10000, 'db.connect'), withTimeout(cache.connect(), 5000, 'cache.connect'), broker.connect()]);
}`,
            },
          ],
        },
        {
          messageId: 'unboundedStartupStep',
          line: 3,
          column: 89,
          suggestions: [
            {
              messageId: 'wrapInWithTimeout',
              output: `
import { withTimeout } from 'lifeguard-runtime';
async function bootstrap() {
  await Promise.all([db.connect(), withTimeout(cache.connect(), 5000, 'cache.connect'), withTimeout(broker.connect(), 10000, 'broker.connect')]);
}`,
            },
          ],
        },
      ],
    },
    // An existing import of the runtime is extended.
    {
      code: `
import { stage } from 'lifeguard-runtime';

export async function main() {
  await stage('http', 5000, async () => server.ready());
  await queue.subscribe('jobs');
}`,
      errors: [
        {
          messageId: 'unboundedStartupStep',
          line: 6,
          column: 9,
          suggestions: [
            {
              messageId: 'wrapInWithTimeout',
              output: `
import { stage, withTimeout } from 'lifeguard-runtime';

export async function main() {
  await stage('http', 5000, async () => server.ready());
  await withTimeout(queue.subscribe('jobs'), 10000, 'queue.subscribe');
}`,
            },
          ],
        },
      ],
    },
    // Fastify plugin wrapped in fastify-plugin.
    {
      code: `
import fp from 'fastify-plugin';
import { Pool } from 'pg';

export default fp(async (app) => {
  const pool = new Pool();
  const client = await pool.connect();
  app.decorate('db', client);
});`,
      errors: [
        {
          messageId: 'unboundedStartupStep',
          line: 7,
          column: 24,
          suggestions: [
            {
              messageId: 'wrapInWithTimeout',
              output: `
import fp from 'fastify-plugin';
import { Pool } from 'pg';
import { withTimeout } from 'lifeguard-runtime';

export default fp(async (app) => {
  const pool = new Pool();
  const client = await withTimeout(pool.connect(), 10000, 'pool.connect');
  app.decorate('db', client);
});`,
            },
          ],
        },
      ],
    },
    // A phase: main awaits initDatabase(), whose own step is reported there.
    {
      code: `
export class App {
  async bootstrap() {
    await this.initDatabase();
    await this.listen();
  }

  private async initDatabase() {
    await this.db.connect();
  }

  private async listen() {
    await this.server.listen({ port: 3000 });
  }
}`,
      errors: [
        {
          messageId: 'unboundedStartupStep',
          line: 9,
          column: 11,
          suggestions: [
            {
              messageId: 'wrapInWithTimeout',
              output: `
import { withTimeout } from 'lifeguard-runtime';
export class App {
  async bootstrap() {
    await this.initDatabase();
    await this.listen();
  }

  private async initDatabase() {
    await withTimeout(this.db.connect(), 10000, 'this.db.connect');
  }

  private async listen() {
    await this.server.listen({ port: 3000 });
  }
}`,
            },
          ],
        },
      ],
    },
    // Angular: an async ngOnInit.
    {
      code: `
@Component({ selector: 'app-root', template: '' })
export class AppComponent implements OnInit {
  async ngOnInit() {
    this.settings = await firstValueFrom(this.http.get<Settings>('/api/settings'));
  }
}`,
      errors: [
        {
          messageId: 'unboundedStartupStep',
          line: 5,
          column: 27,
          suggestions: [
            {
              messageId: 'wrapInWithTimeout',
              output: `
import { withTimeout } from 'lifeguard-runtime';
@Component({ selector: 'app-root', template: '' })
export class AppComponent implements OnInit {
  async ngOnInit() {
    this.settings = await withTimeout(firstValueFrom(this.http.get<Settings>('/api/settings')), 10000, 'firstValueFrom');
  }
}`,
            },
          ],
        },
      ],
    },
    // NestJS: a kafkajs consumer subscribed in onApplicationBootstrap.
    {
      code: `
@Injectable()
export class OrdersConsumer implements OnApplicationBootstrap {
  constructor(private readonly consumer: Consumer) {}

  async onApplicationBootstrap() {
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: 'orders' });
  }
}`,
      errors: [
        {
          messageId: 'unboundedStartupStep',
          line: 7,
          column: 11,
          suggestions: [
            {
              messageId: 'wrapInWithTimeout',
              output: `
import { withTimeout } from 'lifeguard-runtime';
@Injectable()
export class OrdersConsumer implements OnApplicationBootstrap {
  constructor(private readonly consumer: Consumer) {}

  async onApplicationBootstrap() {
    await withTimeout(this.consumer.connect(), 10000, 'this.consumer.connect');
    await this.consumer.subscribe({ topic: 'orders' });
  }
}`,
            },
          ],
        },
        {
          messageId: 'unboundedStartupStep',
          line: 8,
          column: 11,
          suggestions: [
            {
              messageId: 'wrapInWithTimeout',
              output: `
import { withTimeout } from 'lifeguard-runtime';
@Injectable()
export class OrdersConsumer implements OnApplicationBootstrap {
  constructor(private readonly consumer: Consumer) {}

  async onApplicationBootstrap() {
    await this.consumer.connect();
    await withTimeout(this.consumer.subscribe({ topic: 'orders' }), 10000, 'this.consumer.subscribe');
  }
}`,
            },
          ],
        },
      ],
    },
    // p-retry caps attempts, not the time one attempt may hang.
    {
      code: `
import pRetry from 'p-retry';

export async function start() {
  await pRetry(() => db.connect(), { retries: 5 });
}`,
      errors: [
        {
          messageId: 'unboundedStartupStep',
          line: 5,
          column: 22,
          suggestions: [
            {
              messageId: 'wrapInWithTimeout',
              output: `
import pRetry from 'p-retry';
import { withTimeout } from 'lifeguard-runtime';

export async function start() {
  await pRetry(() => withTimeout(db.connect(), 10000, 'db.connect'), { retries: 5 });
}`,
            },
          ],
        },
      ],
    },
    // Waiting for an event that may never come.
    {
      code: `
export async function init() {
  await new Promise((resolve) => redis.once('ready', resolve));
}`,
      errors: [
        {
          messageId: 'unboundedStartupStep',
          line: 3,
          column: 9,
          suggestions: [
            {
              messageId: 'wrapInWithTimeout',
              output: `
import { withTimeout } from 'lifeguard-runtime';
export async function init() {
  await withTimeout(new Promise((resolve) => redis.once('ready', resolve)), 10000, 'redis ready');
}`,
            },
          ],
        },
      ],
    },
    // Promise.race without a timer branch bounds nothing.
    {
      code: `
export async function start() {
  await Promise.race([primary.connect(), replica.connect()]);
}`,
      errors: [
        {
          messageId: 'unboundedStartupStep',
          line: 3,
          column: 9,
          suggestions: [
            {
              messageId: 'wrapInWithTimeout',
              output: `
import { withTimeout } from 'lifeguard-runtime';
export async function start() {
  await withTimeout(Promise.race([primary.connect(), replica.connect()]), 10000, 'Promise.race');
}`,
            },
          ],
        },
      ],
    },
    // A returned promise of an async startup function is awaited by its caller.
    {
      code: `
export async function init() {
  return mongoose.connect(uri);
}`,
      errors: [
        {
          messageId: 'unboundedStartupStep',
          line: 3,
          column: 10,
          suggestions: [
            {
              messageId: 'wrapInWithTimeout',
              output: `
import { withTimeout } from 'lifeguard-runtime';
export async function init() {
  return withTimeout(mongoose.connect(uri), 10000, 'mongoose.connect');
}`,
            },
          ],
        },
      ],
    },
    // Prisma raw probe through a tagged template.
    {
      code: `
async function main() {
  await prisma.$queryRaw\`SELECT 1\`;
}`,
      errors: [
        {
          messageId: 'unboundedStartupStep',
          line: 3,
          column: 9,
          suggestions: [
            {
              messageId: 'wrapInWithTimeout',
              output: `
import { withTimeout } from 'lifeguard-runtime';
async function main() {
  await withTimeout(prisma.$queryRaw\`SELECT 1\`, 10000, 'prisma.$queryRaw');
}`,
            },
          ],
        },
      ],
    },
    // startupFunctions: a custom name.
    {
      code: `
export async function run() {
  await db.connect();
}`,
      options: [{"startupFunctions": ["run"]}],
      errors: [
        {
          messageId: 'unboundedStartupStep',
          line: 3,
          column: 9,
          suggestions: [
            {
              messageId: 'wrapInWithTimeout',
              output: `
import { withTimeout } from 'lifeguard-runtime';
export async function run() {
  await withTimeout(db.connect(), 10000, 'db.connect');
}`,
            },
          ],
        },
      ],
    },
    // lifecycleHooks: an extra hook name.
    {
      code: `
export class Worker {
  async onStart() {
    await this.broker.connect();
  }
}`,
      options: [{"lifecycleHooks": ["onStart"]}],
      errors: [
        {
          messageId: 'unboundedStartupStep',
          line: 4,
          column: 11,
          suggestions: [
            {
              messageId: 'wrapInWithTimeout',
              output: `
import { withTimeout } from 'lifeguard-runtime';
export class Worker {
  async onStart() {
    await withTimeout(this.broker.connect(), 10000, 'this.broker.connect');
  }
}`,
            },
          ],
        },
      ],
    },
    // startupFiles: every module-level function of a matching file.
    {
      code: `
export async function connectAll() {
  await db.connect();
}`,
      options: [{"startupFiles": ["src/bootstrap/**"]}],
      filename: "src/bootstrap/connections.ts",
      errors: [
        {
          messageId: 'unboundedStartupStep',
          line: 3,
          column: 9,
          suggestions: [
            {
              messageId: 'wrapInWithTimeout',
              output: `
import { withTimeout } from 'lifeguard-runtime';
export async function connectAll() {
  await withTimeout(db.connect(), 10000, 'db.connect');
}`,
            },
          ],
        },
      ],
    },
    // defaultStepBudgetMs sets the suggested budget; an aliased import of the plugin's re-export (eslint-plugin-lifeguard/runtime) is reused.
    {
      code: `
import { withTimeout as bounded } from 'eslint-plugin-lifeguard/runtime';

export async function setup() {
  await bounded(cache.warm(), 1000, 'cache.warm');
  await search.connect();
}`,
      options: [{"defaultStepBudgetMs": 3000}],
      errors: [
        {
          messageId: 'unboundedStartupStep',
          line: 6,
          column: 9,
          suggestions: [
            {
              messageId: 'wrapInWithTimeout',
              output: `
import { withTimeout as bounded } from 'eslint-plugin-lifeguard/runtime';

export async function setup() {
  await bounded(cache.warm(), 1000, 'cache.warm');
  await bounded(search.connect(), 3000, 'search.connect');
}`,
            },
          ],
        },
      ],
    },
    // Express bootstrap: a listen callback is startup code.
    {
      code: `
const express = require('express');
const app = express();

app.listen(3000, async () => {
  await sequelize.authenticate();
});`,
      ...espreeCommonJS,
      errors: [
        {
          messageId: 'unboundedStartupStep',
          line: 6,
          column: 9,
          suggestions: [
            {
              messageId: 'wrapInWithTimeout',
              output: `
const express = require('express');
const { withTimeout } = require('lifeguard-runtime');
const app = express();

app.listen(3000, async () => {
  await withTimeout(sequelize.authenticate(), 10000, 'sequelize.authenticate');
});`,
            },
          ],
        },
      ],
    },
  ],
});
