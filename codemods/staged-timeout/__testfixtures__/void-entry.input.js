import { Kafka } from 'kafkajs'

const kafka = new Kafka({ brokers: ['localhost:9092'] })
const consumer = kafka.consumer({ groupId: 'billing' })

async function run() {
  await consumer.connect()
  await consumer.subscribe({ topic: 'invoices' })
}

async function main() {
  await run()
}

void main()
