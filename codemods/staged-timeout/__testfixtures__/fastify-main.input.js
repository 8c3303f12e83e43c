import Fastify from 'fastify'
import pg from 'pg'

const fastify = Fastify()
const client = new pg.Client({ connectionString: process.env.DATABASE_URL })

const start = async () => {
  await client.connect()
  await fastify.listen({ port: 3000 })
}

start()
