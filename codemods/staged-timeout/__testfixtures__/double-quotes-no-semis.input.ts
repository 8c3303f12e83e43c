import { connect } from "nats"
import { sleep } from "./util.js"

export async function start() {
  const nc = await connect({ servers: "nats://localhost:4222" })
  while (nc.isClosed()) {
    await sleep(100)
  }
  return nc
}
