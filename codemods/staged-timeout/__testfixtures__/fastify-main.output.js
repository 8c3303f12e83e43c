import Fastify from 'fastify'
import pg from 'pg'
import { stage, withTimeout } from '../lifeguard-runtime.js'

const fastify = Fastify()
const client = new pg.Client({ connectionString: process.env.DATABASE_URL })

const start = async () => {
  await withTimeout(client.connect(), 15000, 'client.connect')
  await fastify.listen({ port: 3000 })
}

stage('startup', 30000, () => start())
