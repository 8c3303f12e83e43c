import { Kafka } from 'kafkajs'
import { stage, withTimeout } from '../lifeguard-runtime.js'

const kafka = new Kafka({ brokers: ['localhost:9092'] })
const consumer = kafka.consumer({ groupId: 'billing' })

async function run() {
  await withTimeout(consumer.connect(), 15000, 'consumer.connect')
  await withTimeout(consumer.subscribe({ topic: 'invoices' }), 15000, 'consumer.subscribe')
}

async function main() {
  await stage('run', 20000, () => run())
}

void stage('startup', 30000, () => main())
