import { Injectable, OnModuleInit } from '@nestjs/common';
import { Kafka, Producer } from 'kafkajs';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { stage, withTimeout } from '../lifeguard-runtime.js';

@Injectable()
export class EventsService implements OnModuleInit {
  private readonly producer: Producer;

  constructor(
    private readonly redis: Redis,
    private readonly dataSource: DataSource,
    kafka: Kafka,
  ) {
    this.producer = kafka.producer();
  }

  async onModuleInit(): Promise<void> {
    // Order matters: the schema must exist before we publish.
    await stage('initDatabase', 20000, () => this.initDatabase());
    await withTimeout(this.producer.connect(), 15000, 'this.producer.connect');
    await withTimeout(this.redis.ping(), 5000, 'this.redis.ping');
  }

  private async initDatabase(): Promise<void> {
    await withTimeout(this.dataSource.initialize(), 15000, 'this.dataSource.initialize');
    await withTimeout(this.dataSource.runMigrations({ transaction: 'each' }), 15000, 'this.dataSource.runMigrations');
  }
}
