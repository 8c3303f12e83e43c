import { connect } from "nats"
import { sleep } from "./util.js"
import { deadline, withTimeout } from "../lifeguard-runtime.js"

export async function start() {
  const nc = await withTimeout(connect({ servers: "nats://localhost:4222" }), 15000, "connect")
  const waitDeadline = deadline(15000, "start")
  while (nc.isClosed()) {
    waitDeadline.check()
    await sleep(100)
  }
  return nc
}
