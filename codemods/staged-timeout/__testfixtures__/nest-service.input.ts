import { Injectable, OnModuleInit } from '@nestjs/common';
import { Kafka, Producer } from 'kafkajs';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';

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
    await this.initDatabase();
    await this.producer.connect();
    await this.redis.ping();
  }

  private async initDatabase(): Promise<void> {
    await this.dataSource.initialize();
    await this.dataSource.runMigrations({ transaction: 'each' });
  }
}
