import rule from '../../rules/require-timer-cleanup.js';
import { espreeCommonJS, espreeModule, ruleTester, tsx } from '../rule-tester.js';

ruleTester.run('require-timer-cleanup', rule, {
  valid: [
    // onRemove() and onAdd() alternate (the map calls them), and onAdd() clears the fade-out timer.
    `
export class Overlay {
  onAdd(map) { clearTimeout(this._removeTimeout); map.pane.append(this._container); }
  onRemove(map) {
    this._container.style.opacity = 0;
    this._removeTimeout = setTimeout(() => this._container.remove(), 200);
  }
  close() { clearTimeout(this._removeTimeout); }
}`,
    // A pong wait no longer than the ping period has fired (or been cleared) when the next tick replaces it.
    `
export function keepalive(socket, keepAlive) {
  let pongWait = null;
  const ping = setInterval(() => {
    pongWait = setTimeout(() => socket.terminate(), keepAlive);
    socket.once('pong', () => { if (pongWait) clearTimeout(pongWait); });
    socket.ping();
  }, keepAlive);
  socket.on('close', () => clearInterval(ping));
}`,
    `
export function keepalive(session) {
  let pingTimeout = null;
  const timer = setInterval(() => {
    pingTimeout = setTimeout(() => session.close(), 20000);
    session.ping(() => clearTimeout(pingTimeout));
  }, 60000);
  session.on('close', () => clearInterval(timer));
}`,
    // connect() beside a disconnect() that clears the timer, called by nothing in the class: each start follows a stop.
    {
      code: `
export class Mqtt {
  private republishTimer?: NodeJS.Timeout;
  async connect() {
    this.client = await connectAsync(this.url);
    this.republishTimer = setTimeout(() => this.republish(), 2000);
  }
  async disconnect() {
    clearTimeout(this.republishTimer);
    await this.client.endAsync();
  }
  republish() {}
}`,
    },
    // Re-armed from its own callback chain (runDeletes → schedule) and from start(), which only follows stop().
    {
      code: `
export class Cleaner {
  start() { this.stopped = false; this.schedule(0); }
  stop() { this.stopped = true; if (this.ticker) clearTimeout(this.ticker); }
  runDeletes() { if (this.stopped) return; this.db.deleteOld(); this.schedule(60000); }
  schedule(ms) { this.ticker = setTimeout(() => this.runDeletes(), ms); }
}`,
    },
    // Module-level intervals run for the life of the process by design (metrics flush, cache sweep).
    'setInterval(flushMetrics, 10_000);',
    'const sweeper = setInterval(() => cache.sweep(), 60_000).unref();',
    'export const heartbeat = setInterval(() => bus.emit("beat"), 1000);',
    // A setup function that returns its own cleanup.
    `
function startPolling(fetchStatus) {
  const id = setInterval(fetchStatus, 5000);
  return () => clearInterval(id);
}`,
    // React: the effect's cleanup clears the interval.
    {
      code: `
function Clock() {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, []);
  return <time>{now}</time>;
}`,
      ...tsx,
    },
    // A class that clears its field in its cleanup method.
    `
class Heartbeat {
  private timer?: NodeJS.Timeout;
  start() {
    this.timer = setInterval(() => this.socket.ping(), 30_000);
  }
  stop() {
    clearInterval(this.timer);
  }
}`,
    `
class Poller {
  #timer: ReturnType<typeof setInterval> | undefined;
  start() { this.#timer = setInterval(() => this.poll(), 1000); }
  destroy() { if (this.#timer) clearInterval(this.#timer); }
}`,
    // The handle escapes: whoever receives it owns it.
    `
function every(ms, fn) {
  return setInterval(fn, ms);
}`,
    `
class Jobs {
  private timers: NodeJS.Timeout[] = [];
  schedule(fn: () => void) { this.timers.push(setInterval(fn, 1000)); }
  close() { this.timers.forEach(clearInterval); }
}`,
    `
function watch(scope) {
  scope.add(setInterval(() => refresh(), 1000));
}`,
    // One-shot local timeouts are not leaks.
    `
function notifyLater(user) {
  setTimeout(() => notify(user), 100);
}`,
    // Debounce keeps its handle in a closure and clears it.
    `
function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}`,
    // Promise.race whose losing timer is cleared in finally.
    `
async function withDeadline(work, ms) {
  let timer;
  try {
    return await Promise.race([
      work,
      new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('timeout')), ms); }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}`,
    // A sleep is a one-shot timeout, not a race branch.
    'async function pause(ms) { await new Promise((resolve) => setTimeout(resolve, ms)); }',
    // A self-clearing interval.
    `
function waitForFlag(flag, done) {
  const id = setInterval(() => {
    if (flag.value) { clearInterval(id); done(); }
  }, 50);
}`,
    `
function keepAlive(socket) {
  const timer = setInterval(() => socket.ping(), 1000);
  timer.unref();
  socket.once('close', () => clearInterval(timer));
}`,
    // Not the platform timers: a shadowing parameter, a scope's own method, timers/promises.
    'function schedule(setInterval) { setInterval(tick, 10); }',
    `
class Widget {
  connect(scope) { scope.setInterval(() => this.render(), 1000); }
}`,
    `
import { setInterval } from 'node:timers/promises';
export async function tick() {
  for await (const _ of setInterval(1000)) { await step(); }
}`,
    'function poll() { return interval(1000).subscribe(() => refresh()); }',
    `
class Reconnector {
  private retry?: NodeJS.Timeout;
  scheduleRetry() {
    clearTimeout(this.retry);
    this.retry = setTimeout(() => this.connect(), 1000);
  }
  close() { clearTimeout(this.retry); }
}`,
    // A pending retry is kept: the method returns while one is scheduled.
    `
class Reconnector {
  private retry?: NodeJS.Timeout;
  scheduleRetry() {
    if (this.retry) return;
    this.retry = setTimeout(() => { this.retry = undefined; this.connect(); }, 1000);
  }
  close() { clearTimeout(this.retry); }
}`,
    // Web component and Angular lifecycles.
    `
class LiveClock extends HTMLElement {
  connectedCallback() { this.timer = window.setInterval(() => this.render(), 1000); }
  disconnectedCallback() { window.clearInterval(this.timer); }
}`,
    `
class DashboardComponent {
  private refresh?: ReturnType<typeof setInterval>;
  ngOnInit() { this.refresh = setInterval(() => this.load(), 30_000); }
  ngOnDestroy() { clearInterval(this.refresh); }
}`,
    // Node's Timeout can be stopped with close() or Symbol.dispose.
    `
class Sampler {
  timer = setInterval(() => this.sample(), 100);
  close() { this.timer.close(); }
}`,
    `
class Sampler {
  timer = setInterval(() => this.sample(), 100);
  [Symbol.dispose]() { this.timer[Symbol.dispose](); }
}`,
    `
class Ticker {
  private id = 0;
  start() { this.id = setInterval(() => this.tick(), 16) as unknown as number; }
  stop() { clearInterval(this.id); }
}`,
    // CommonJS through espree.
    {
      code: `
const { EventEmitter } = require('events');
function monitor(emitter) {
  const id = setInterval(() => emitter.emit('tick'), 1000);
  emitter.once('close', () => clearInterval(id));
}
module.exports = { monitor };`,
      ...espreeCommonJS,
    },
    {
      code: 'setInterval(() => process.stdout.write("."), 1000);',
      ...espreeCommonJS,
    },
    // The interval's own check watches the socket that closes: it clears itself after a close.
    {
      code: `
export function heartbeat(ws) {
  const timer = setInterval(() => {
    if (ws.readyState === ws.CLOSED) clearInterval(timer);
    else ws.ping();
  }, 30000);
  ws.on('close', () => log('closed'));
}`,
    },
    // Re-armed only from its own callback, or by a caller that tests the field first.
    {
      code: `
class Channel {
  private idleTimer: NodeJS.Timeout | null = null;
  private startIdleTimeout(ms: number) {
    this.idleTimer = setTimeout(() => { this.idleTimer = null; this.startIdleTimeout(ms); }, ms);
  }
  maybeStartIdleTimer() { if (!this.idleTimer) this.startIdleTimeout(1000); }
  close() { if (this.idleTimer) clearTimeout(this.idleTimer); }
}`,
    },
    // A latch: the method returns early while a reconnect is pending, and sets the flag itself.
    {
      code: `
class Client {
  private reconnectTimer: NodeJS.Timeout | null = null;
  private reconnecting = false;
  scheduleReconnect() {
    if (this.closing || this.reconnecting) return;
    this.reconnecting = true;
    this.reconnectTimer = setTimeout(() => { this.reconnecting = false; this.connect(); }, 1000);
  }
  close() { if (this.reconnectTimer) clearTimeout(this.reconnectTimer); }
}`,
    },
    // A retry loop bounded by its counter, and a wait loop bounded by its clock.
    {
      code: `
export function createRetriable(fn, retries) {
  const retry = (delay, count = 0) => {
    fn().catch(() => { if (count < retries) setTimeout(() => retry(delay * 2, count + 1), delay); });
  };
  return { retry, stop() {} };
}`,
    },
    // A module helper bound to the instance (\`cleanup.call(this)\`) clears the field.
    {
      code: `
function WebSocket() {}
WebSocket.prototype.terminate = function () {
  if (this._closeTimer) clearTimeout(this._closeTimer);
  this._closeTimer = setTimeout(cleanup.bind(this), 30000);
};
WebSocket.prototype.close = function () { cleanup.call(this); };
function cleanup() { clearTimeout(this._closeTimer); this._closeTimer = null; }`,
      ...espreeCommonJS,
    },
  ],
  invalid: [
    // The class calls its own connect() again on a drop, without the disconnect() that clears the timer.
    {
      code: `
export class Mqtt {
  connect() {
    this.republishTimer = setTimeout(() => this.republish(), 2000);
  }
  disconnect() { clearTimeout(this.republishTimer); }
  onDrop() { this.connect(); }
  republish() {}
}`,
      errors: [{ messageId: 'overwrittenTimeout', line: 4, column: 27 }],
    },
    // A per-connection interval that only its own pong check clears: after a normal close it runs on.
    {
      code: `
exports.setupConnection = (conn) => {
  let alive = true;
  const ping = setInterval(() => {
    if (!alive) { clearInterval(ping); conn.close(); }
    else if (open.has(conn)) { alive = false; conn.ping(); }
  }, 30000);
  conn.on('pong', () => { alive = true; });
  conn.on('close', () => open.delete(conn));
};`,
      ...espreeCommonJS,
      errors: [{ messageId: 'selfClearedInterval', line: 4, column: 16 }],
    },
    // Each keepalive tick replaces a pending timeout the ping callback was meant to clear.
    {
      code: `
export function keepalive(session, options) {
  let pingTimeout = null;
  const timer = setInterval(() => {
    pingTimeout = setTimeout(() => session.close(), options.pingTimeoutMs);
    session.ping(() => clearTimeout(pingTimeout));
  }, options.pingIntervalMs);
  session.on('close', () => clearInterval(timer));
}`,
      errors: [{ messageId: 'overwrittenTimeout', line: 5, column: 19 }],
    },
    // A prototype method run per reconnect replaces the pending connack timer.
    {
      code: `
function Client() { this._setupStream(); }
Client.prototype._setupStream = function () {
  var that = this;
  this.connackTimer = setTimeout(function () { that._cleanUp(true); }, this.options.connectTimeout);
};
Client.prototype._reconnect = function () { this._setupStream(); };
Client.prototype._onConnack = function () { clearTimeout(this.connackTimer); };
Client.prototype.end = function () { this._cleanUp(); };`,
      ...espreeCommonJS,
      errors: [{ messageId: 'overwrittenTimeout', line: 5, column: 23 }],
    },
    // An interval in a prototype-style constructor (written as a var) that no teardown clears.
    {
      code: `
var Socket = function (options) {
  var self = this;
  this._cleanupInterval = setInterval(function () { self._cleanup(); }, 10000);
};
Socket.prototype.disconnect = function () { this.socket.close(); };`,
      ...espreeCommonJS,
      options: [{ assumeOwnersEnd: true }],
      errors: [{ messageId: 'unclearedInterval', line: 4, column: 27 }],
    },
    // A private timer cleared only before it is re-armed: close() leaves the last one pending.
    {
      code: `
export class Client {
  #ping?: NodeJS.Timeout;
  #setPing() {
    clearTimeout(this.#ping);
    this.#ping = setTimeout(() => this.#send('PING'), this.interval);
  }
  close() { this.#socket.end(); }
}`,
      errors: [{ messageId: 'unclearedTimeoutField', line: 6, column: 18 }],
    },
    // A state object with no teardown of its own, dropped by its holder with \`= null\`: its interval keeps running.
    {
      code: `
class CallState {
  private statsTimer: NodeJS.Timeout | null = null;
  onResponse(ms: number) {
    if (this.statsTimer) clearInterval(this.statsTimer);
    this.statsTimer = setInterval(() => this.sendStats(), ms);
  }
}
export class Client {
  private callState: CallState | null = null;
  start() { this.callState = new CallState(); }
  onStreamEnd() { this.callState = null; }
}`,
      errors: [{ messageId: 'unclearedInterval', line: 6, column: 23 }],
    },
    // terminate() starts a 30 s fallback nobody keeps: it holds the process after the clean close finishes.
    {
      code: `
function WebSocket() {}
WebSocket.prototype.terminate = function () {
  this._socket.end();
  setTimeout(cleanup.bind(this, true), 30000);
};
function cleanup(error) { this._socket = null; }`,
      ...espreeCommonJS,
      errors: [{ messageId: 'unkeptTimeout', line: 5, column: 3 }],
    },
    // A restart loop in a factory that returns stop(): a stopped consumer restarts itself.
    {
      code: `
module.exports = ({ retryTime }) => {
  let runner = null;
  const stop = async () => { await runner.stop(); };
  const restart = () => { runner = createRunner({ onCrash }); runner.start(); };
  const onCrash = async () => { await disconnect(); setTimeout(() => restart(), retryTime); };
  return { run: restart, stop };
};`,
      ...espreeCommonJS,
      errors: [{ messageId: 'unkeptTimeout', line: 6, column: 53 }],
    },
    // A self-re-arming ping loop with a stop flag: the pending turn cannot be cancelled on stop.
    {
      code: `
class LatencyStrategy extends BaseStrategy {
  discovery() { return this.transit.sendPing().then(() => { setTimeout(() => this.pingHosts(), 1000 * this.opts.pingInterval); }); }
  pingHosts() {
    if (this.brokerStopped) return;
    this.sendPings().then(() => { setTimeout(() => this.pingHosts(), 1000 * this.opts.pingInterval); });
  }
}`,
      errors: [
        { messageId: 'unkeptTimeout', line: 3, column: 61 },
        { messageId: 'unkeptTimeout', line: 6, column: 35 },
      ],
    },
    {
      code: `
function startHeartbeat(socket) {
  setInterval(() => socket.ping(), 30_000);
}`,
      options: [{ assumeOwnersEnd: true }],
      errors: [{ messageId: 'discardedInterval', line: 3, column: 3, endLine: 3, endColumn: 43 }],
    },
    {
      code: `
class MetricsReporter {
  start() {
    setInterval(() => this.report(), 10_000);
  }
}`,
      options: [{ assumeOwnersEnd: true }],
      errors: [{ messageId: 'discardedInterval', line: 4, column: 5 }],
    },
    {
      code: `
class Heartbeat {
  constructor(private readonly socket: WebSocket) {
    this.timer = setInterval(() => this.socket.ping(), 30_000);
  }
  close() { this.socket.close(); }
}`,
      errors: [{ messageId: 'unclearedInterval', line: 4, column: 18, data: { handle: 'this.timer', cleanupPlace: 'the cleanup method of Heartbeat (dispose, close, stop…)', className: 'Heartbeat' } }],
    },
    {
      code: `
class Presence {
  private heartbeat = setInterval(() => this.publish(), 5000);
  dispose() {}
}`,
      errors: [{ messageId: 'unclearedInterval', line: 3, column: 23 }],
    },
    {
      code: `
function track(room) {
  const id = setInterval(() => room.broadcastCount(), 1000);
  room.on('empty', () => room.close());
}`,
      options: [{ assumeOwnersEnd: true }],
      errors: [{ messageId: 'unclearedInterval', line: 3, column: 14 }],
    },
    {
      code: `
function Clock() {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    setInterval(() => setNow(Date.now()), 1000);
  }, []);
  return <time>{now}</time>;
}`,
      ...tsx,
      errors: [{ messageId: 'discardedInterval', line: 5, column: 5 }],
    },
    {
      code: `
class Cache {
  start() { setInterval(() => this.sweep(), 60_000).unref(); }
}`,
      options: [{ assumeOwnersEnd: true }],
      errors: [{ messageId: 'discardedInterval', line: 3, column: 13 }],
    },
    {
      code: `
class Banner {
  mount() { window.setInterval(() => this.rotate(), 4000); }
}`,
      options: [{ assumeOwnersEnd: true }],
      errors: [{ messageId: 'discardedInterval', line: 3, column: 13 }],
    },
    // A second scheduleRetry() orphans the pending retry: close() can no longer cancel it.
    {
      code: `
class Reconnector {
  private retry?: NodeJS.Timeout;
  scheduleRetry() { this.retry = setTimeout(() => this.connect(), 1000); }
  close() { clearTimeout(this.retry); }
}`,
      errors: [{ messageId: 'overwrittenTimeout', line: 4, column: 34 }],
    },
    {
      code: `
class Reconnector {
  private retry?: NodeJS.Timeout;
  scheduleRetry() { this.retry = setTimeout(() => this.connect(), 1000); }
  close() { this.socket.destroy(); }
}`,
      errors: [{ messageId: 'unclearedTimeoutField', line: 4, column: 34, data: { handle: 'this.retry', cleanupPlace: 'the cleanup method of Reconnector (dispose, close, stop…)', className: 'Reconnector' } }],
    },
    {
      code: `
async function connectWithTimeout(client, ms) {
  return Promise.race([
    client.connect(),
    new Promise((_, reject) => setTimeout(() => reject(new Error('connect timed out')), ms)),
  ]);
}`,
      errors: [{ messageId: 'unclearedRaceTimer', line: 5, column: 32 }],
    },
    {
      code: `
function timeout(ms) {
  return new Promise((_, reject) => {
    setTimeout(() => reject(new Error('timed out')), ms);
  });
}
export async function fetchConfig(url) {
  return Promise.race([fetch(url), timeout(5000)]);
}`,
      errors: [{ messageId: 'unclearedRaceTimer', line: 4, column: 5 }],
    },
    {
      code: `
async function query(pool, sql) {
  let timer;
  return Promise.race([
    pool.query(sql),
    new Promise((_, reject) => { timer = setTimeout(reject, 2000); }),
  ]);
}`,
      errors: [{ messageId: 'unclearedRaceTimer', line: 6, column: 42 }],
    },
    {
      code: `
function startReporting(stats) {
  setInterval(function () { console.log(stats.snapshot()); }, 60000);
}
module.exports = startReporting;`,
      ...espreeCommonJS,
      options: [{ assumeOwnersEnd: true }],
      errors: [{ messageId: 'discardedInterval', line: 3, column: 3 }],
    },
    {
      code: `
import { setInterval } from 'node:timers';
export function watchQueue(queue) {
  setInterval(() => queue.drain(), 250);
}`,
      ...espreeModule,
      options: [{ assumeOwnersEnd: true }],
      errors: [{ messageId: 'discardedInterval', line: 4, column: 3 }],
    },
    {
      code: 'setInterval(flushMetrics, 10_000);',
      options: [{ checkModuleScope: true }],
      errors: [{ messageId: 'discardedInterval', line: 1, column: 1 }],
    },
    {
      code: `
wss.on('connection', (ws) => {
  setInterval(() => ws.ping(), 30_000);
});`,
      errors: [{ messageId: 'discardedInterval', line: 3, column: 3 }],
    },
    {
      // Inside a class, a per-connection timer still belongs to the connection, not the class.
      code: `
class Gateway {
  listen() {
    this.wss.on('connection', (socket) => {
      setInterval(() => socket.ping(), 30_000);
    });
  }
  close() { this.wss.close(); }
}`,
      errors: [
        {
          messageId: 'discardedInterval',
          line: 5,
          column: 7,
          data: {
            handle: 'the handle',
            cleanupPlace: "the 'connection' callback, when its per-event object closes (e.g. socket.once('close', () => clearInterval(handle)))",
            className: 'Gateway',
          },
        },
      ],
    },
    {
      code: `
class Poller {
  private timer?: NodeJS.Timeout;
  start() {
    if (this.timer) return;
    this.timer = setInterval(() => this.poll(), 1000);
  }
}`,
      options: [{ assumeOwnersEnd: true }],
      errors: [{ messageId: 'unclearedInterval', line: 6, column: 18 }],
    },
    {
      code: `
function keepAlive(socket) {
  const timer = setInterval(() => socket.ping(), 1000);
  timer.unref();
}`,
      options: [{ assumeOwnersEnd: true }],
      errors: [{ messageId: 'unclearedInterval', line: 3, column: 17 }],
    },
    {
      code: `
class Ticker {
  private id = 0;
  start() { this.id = window.setInterval(() => this.tick(), 16); }
}`,
      options: [{ assumeOwnersEnd: true }],
      errors: [{ messageId: 'unclearedInterval', line: 4, column: 23 }],
    },
  ],
});
