import rule from '../../rules/no-listener-accumulation.js';
import { espreeCommonJS, espreeModule, ruleTester, tsx } from '../rule-tester.js';

ruleTester.run('no-listener-accumulation', rule, {
  valid: [
    // `once` for an event that comes again and again removes itself at the next one.
    `
export function serve(wss, worker) {
  wss.on('connection', (ws) => {
    ws.on('message', (data) => {
      worker.once('message', (reply) => ws.send(reply));
      worker.postMessage(data);
    });
  });
}`,
    // 'close' of the connection's own socket: one listener per socket, gone with it.
    `
export function track(server, sessions) {
  server.on('connection', (socket) => {
    socket.once('close', () => sessions.delete(socket));
  });
}`,
    // Added once, at the top level: removed when the signal comes.
    `
import { createServer } from 'node:http';
const server = createServer().listen(8080);
process.once('SIGTERM', () => server.close());`,
    // Electron's app emits 'will-finish-launching' once, at startup: the inner listener is added once.
    `
import { app } from 'electron';
app.on('will-finish-launching', () => {
  app.on('open-file', (event, filePath) => openFile(filePath));
});`,
    // One listener on each runner of the loop.
    `
export function watchRunners(runners, onStart) {
  for (const name of Object.keys(runners)) {
    const runner = runners[name];
    runner.on('test-file-start', ([test]) => onStart(test));
  }
}`,
    // socket.io makes a new engine for every connection.
    `
export function trackTransport(socket, report) {
  socket.on('connect', () => {
    socket.io.engine.on('upgrade', () => report(socket.io.engine.transport.name));
  });
}`,
    // The stream is made per query; 'pipe' is not an event one stream is known to emit again and again.
    `
export function streamQuery(query) {
  const stream = new Transform({ objectMode: true, transform: (row, _, done) => done(null, row) });
  stream.on('pipe', (source) => {
    stream.on('close', () => source.destroy());
  });
  return stream;
}`,
    // The function listening for 'open' also ends the transport: these are its last events.
    `
export class Logger {
  async end() {
    await new Promise((resolve) => {
      this.transport.on('open', () => this.transport.dest.on('finish', resolve));
      this.transport.end();
    });
  }
}`,
    // A broker request with an id sent again on each connection, not an observable's subscription.
    `
export function resubscribe(client, subscriptions) {
  client.on('connect', () => {
    subscriptions.forEach((sub, idx) => client.subscribe(sub, String(idx)));
  });
}`,
    // Broker subscriptions share only the name: MQTT's completion callback, an awaited channel subscribe.
    `
const client = mqtt.connect(url);
client.on('connect', () => {
  client.subscribe(topic, { qos: 1 }, (err, granted) => {
    if (err) process.exit(1);
  });
});`,
    `
class Relay {
  async renew() {
    for (const [id, endpoint] of this.endpoints) {
      await this.backend.subscribe(this.nodeId, id, endpoint.pattern);
    }
  }
}`,
    // ws: listeners on the per-connection socket die with the socket.
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws, req) => {
  ws.on('message', (data) => ws.send(data));
  ws.on('close', () => console.log('closed', req.url));
});`,
    // http: req/res are per-request objects.
    `
import http from 'node:http';
http.createServer((req, res) => {
  req.on('data', (chunk) => body.push(chunk));
  res.on('finish', () => log(res.statusCode));
}).listen(3000);`,
    // Express SSE: the listener on the shared bus is removed when the request closes.
    `
import { bus } from './bus';
app.get('/events', (req, res) => {
  const send = (update) => res.write(\`data: \${JSON.stringify(update)}\\n\\n\`);
  bus.on('update', send);
  req.on('close', () => bus.off('update', send));
});`,
    // ws: per-connection subscription to a bus, removed on close.
    `
import { bus } from './bus';
export function attach(wss) {
  wss.on('connection', (ws) => {
    const onTick = (tick) => ws.send(tick);
    bus.on('tick', onTick);
    ws.once('close', () => bus.removeListener('tick', onTick));
  });
}`,
    // once / { once: true } remove themselves at the next event that comes again and again.
    `
wss.on('connection', (ws) => {
  server.once('request', () => ws.send('first request'));
});
button.addEventListener('click', () => {
  window.addEventListener('focus', () => refresh(), { once: true });
});`,
    // One-shot events: their callback runs once.
    `
export function boot() {
  document.addEventListener('DOMContentLoaded', () => {
    window.addEventListener('resize', relayout);
  });
  server.on('listening', () => {
    process.on('SIGTERM', () => server.close());
  });
}`,
    // EventTarget ignores a second add of the same function: a handler from outside cannot pile up.
    `
export class Sync {
  onOnline = () => this.flush();
  start() {
    this.socket.addEventListener('open', () => {
      window.addEventListener('online', this.onOnline);
    });
  }
  stop() {
    window.removeEventListener('online', this.onOnline);
  }
}`,
    // Loops over targets register one listener per element.
    `
export function wireButtons(buttons, onClick) {
  for (const button of buttons) {
    button.addEventListener('click', onClick);
  }
  document.querySelectorAll('a').forEach((link) => link.addEventListener('click', track));
}`,
    // Loops over events or handlers register each one once.
    `
import { bus } from './bus';
export function wire(handlers) {
  for (const [event, handler] of Object.entries(handlers)) {
    bus.on(event, handler);
  }
  for (const handler of extraHandlers) bus.on('ready', handler);
  handlers.list.forEach((handler) => bus.on('change', handler));
}`,
    // Module top-level loop runs once.
    `
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, shutdown);
}`,
    // Objects created inside the callback live and die with it.
    `
server.on('connection', (socket) => {
  const parser = new Parser();
  parser.on('message', (msg) => socket.write(msg));
  socket.pipe(parser);
});`,
    // A per-connection AbortController aborted on close.
    `
wss.on('connection', (ws) => {
  const controller = new AbortController();
  window.addEventListener('message', (e) => ws.send(e.data), { signal: controller.signal });
  ws.on('close', () => controller.abort());
});`,
    // Re-subscribe: the previous subscription is released in the same callback.
    `
export class Feed {
  constructor(private socket: Socket, private prices$: Observable<Price>) {}
  start() {
    this.socket.on('reconnect', () => {
      this.sub?.unsubscribe();
      this.sub = this.prices$.subscribe((price) => this.render(price));
    });
  }
}`,
    // removeAllListeners for that event first.
    `
export class Conn {
  start() {
    this.socket.on('reconnect', () => {
      this.socket.removeAllListeners('data');
      this.socket.on('data', this.onData);
    });
  }
}`,
    // rxjs inner subscription that completes by itself.
    `
export class Search {
  constructor(private route: ActivatedRoute, private api: Api) {}
  ngOnInit() {
    this.route.params.subscribe((params) => {
      this.api.results$.pipe(first()).subscribe((r) => this.show(r));
    });
  }
}`,
    // Listeners on the callback's own parameters in an rxjs stream.
    `
import { clients$ } from './clients';
clients$.subscribe((client) => {
  client.on('data', (chunk) => route(client, chunk));
});`,
    // Nested per-event objects.
    `
server.on('connection', (socket) => {
  socket.on('data', (chunk) => {
    const frame = decode(chunk);
    frame.on('complete', () => socket.write(ack(frame)));
  });
});`,
    // A Promise wrapper around once inside a request handler.
    `
import { db } from './db';
app.post('/jobs', async (req, res) => {
  await new Promise((resolve) => db.once('ready', resolve));
  res.sendStatus(202);
});`,
    // NestJS route handler registering on its own response.
    `
@Controller('stream')
export class StreamController {
  @Get()
  stream(@Res() res: Response) {
    res.on('close', () => this.metrics.decrement());
  }
}`,
    // The event depends on the callback's data: a different listener per topic.
    `
import { redis } from './redis';
io.on('connection', (socket) => {
  socket.on('join', (topic) => {
    redis.on(topic, (msg) => socket.emit(topic, msg));
  });
});`,
    // setInterval polling that uses once.
    `
import { worker } from './worker';
export function poll() {
  setInterval(() => {
    worker.once('pong', markAlive);
    worker.postMessage('ping');
  }, 5000);
}`,
    // React: a JSX handler is not an event registration on a longer-lived target.
    {
      code: `
import { useEffect } from 'react';
export function Modal({ onClose }) {
  useEffect(() => {
    const onKey = (e) => e.key === 'Escape' && onClose();
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onClose]);
  return <div onClick={onClose} />;
}`,
      ...tsx,
    },
    // Web component: listener on its own shadow root from a slot callback.
    `
class Tabs extends HTMLElement {
  connectedCallback() {
    this.shadowRoot.addEventListener('slotchange', () => {
      for (const tab of this.querySelectorAll('[role=tab]')) tab.addEventListener('click', this.select);
    });
  }
}`,
    // Plain CommonJS: Express handler with removal on close.
    {
      code: `
const bus = require('./bus');
module.exports = function events(req, res) {
  const push = (msg) => res.write(msg);
  bus.on('msg', push);
  res.on('close', () => bus.removeListener('msg', push));
};`,
      ...espreeCommonJS,
    },
    // Plain ESM: per-message objects in a worker.
    {
      code: `
self.addEventListener('message', (event) => {
  const port = event.ports[0];
  port.addEventListener('message', (e) => port.postMessage(handle(e.data)));
  port.start();
});`,
      ...espreeModule,
    },
    // A custom removal method in the same callback counts.
    {
      code: `
import { hub } from './hub';
server.on('connection', (socket) => {
  hub.on('refresh', socket.refresh);
  socket.on('close', () => hub.detach('refresh', socket.refresh));
});`,
      options: [{ additionalRemovalMethods: ['detach'] }],
    },
  ],
  invalid: [
    // A signal comes once, at shutdown: until then every connection keeps its listener (and its socket).
    {
      code: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  process.once('SIGTERM', () => ws.close(1001));
});`,
      errors: [{ messageId: 'accumulatingOnceListener', line: 5, column: 3 }],
    },
    // The server's 'close' comes when it stops: one listener per request until then.
    {
      code: `
export function serve(server, cache) {
  server.on('request', (req, res) => {
    server.prependOnceListener('close', () => cache.flush(req.url));
    res.end();
  });
}`,
      errors: [{ messageId: 'accumulatingOnceListener', line: 4, column: 5 }],
    },
    // \`{ once: true }\` for the page's end, per click.
    {
      code: `
export function warnOnLeave(button, draft) {
  button.addEventListener('click', () => {
    window.addEventListener('beforeunload', (event) => draft.dirty && event.preventDefault(), { once: true });
  });
}`,
      errors: [{ messageId: 'accumulatingOnceListener', line: 4, column: 5 }],
    },
    // 'activate' comes each time the dock icon is clicked: another 'open-file' listener each time.
    {
      code: `
import { app } from 'electron';
app.on('activate', () => {
  app.on('open-file', (event, filePath) => openFile(filePath));
});`,
      errors: [{ messageId: 'accumulatingUnmatchedListener', line: 4, column: 3 }],
    },
    // A socket made here emits 'message' again and again: each message adds another 'close' listener.
    {
      code: `
export function relay(url, cleanup) {
  const ws = new WebSocket(url);
  ws.on('message', () => {
    ws.on('close', cleanup);
  });
  return ws;
}`,
      errors: [{ messageId: 'accumulatingListener', line: 5, column: 5 }],
    },
    // ws: a process listener per connection.
    {
      code: `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (ws) => {
  process.on('SIGTERM', () => ws.close(1001));
});`,
      errors: [{ messageId: 'accumulatingUnmatchedListener', line: 5, column: 3 }],
    },
    // Express SSE without removal.
    {
      code: `
import { bus } from './bus';
app.get('/events', (req, res) => {
  const send = (update) => res.write(update);
  bus.on('update', send);
});`,
      errors: [{ messageId: 'accumulatingListener', line: 5, column: 3 }],
    },
    // http: a listener on the server for every request.
    {
      code: `
import http from 'node:http';
const server = http.createServer((req, res) => {
  server.on('close', onClose);
  res.end('ok');
});`,
      errors: [{ messageId: 'accumulatingListener', line: 4, column: 3 }],
    },
    // A field target in a reconnect callback: one more 'data' listener per reconnect.
    {
      code: `
export class Conn {
  start() {
    this.socket.on('reconnect', () => {
      this.socket.on('data', this.onData);
    });
  }
}`,
      errors: [{ messageId: 'accumulatingListener', line: 5, column: 7 }],
    },
    // An outer parameter: one 'end' listener per chunk.
    {
      code: `
export function handle(socket) {
  socket.on('data', (chunk) => {
    socket.on('end', flush);
    buffer.push(chunk);
  });
}`,
      errors: [{ messageId: 'accumulatingListener', line: 4, column: 5 }],
    },
    // A retry loop adds an error listener per attempt.
    {
      code: `
import { client } from './client';
export async function connect() {
  while (!client.connected) {
    client.on('error', onError);
    await client.connect().catch(() => sleep(1000));
  }
}`,
      errors: [{ messageId: 'accumulatingListener', line: 5, column: 5 }],
    },
    // forEach with the same listener each time.
    {
      code: `
import { bus } from './bus';
export function render(items) {
  items.forEach((item) => {
    bus.on('theme', rerender);
    draw(item);
  });
}`,
      errors: [{ messageId: 'accumulatingListener', line: 5, column: 5 }],
    },
    // Polling interval adds a listener on every tick.
    {
      code: `
export function watch(emitter) {
  setInterval(() => {
    emitter.on('status', (s) => report(s));
    emitter.emit('poll');
  }, 1000);
}`,
      errors: [{ messageId: 'accumulatingUnmatchedListener', line: 4, column: 5 }],
    },
    // Nested rxjs subscription on an injected stream.
    {
      code: `
export class Detail {
  constructor(private route: ActivatedRoute, private store: Store) {}
  ngOnInit() {
    this.route.params.subscribe((params) => {
      this.store.items$.subscribe((items) => this.items = items.filter((i) => i.group === params.id));
    });
  }
}`,
      errors: [{ messageId: 'accumulatingSubscription', line: 6, column: 7 }],
    },
    // Browser: a document listener per click, created inside the callback.
    {
      code: `
export function draggable(handle) {
  handle.addEventListener('pointerdown', () => {
    const onMove = (e) => move(handle, e);
    document.addEventListener('pointermove', onMove);
  });
}`,
      errors: [{ messageId: 'accumulatingListener', line: 5, column: 5 }],
    },
    // .bind() in both places: the removal in the callback cannot match.
    {
      code: `
import { bus } from './bus';
export class Stream {
  handle(req, res) {
    bus.on('tick', this.push.bind(this));
    req.on('close', () => bus.off('tick', this.push.bind(this)));
  }
}`,
      errors: [{ messageId: 'accumulatingUnmatchedListener', line: 5, column: 5 }],
    },
    // Capture flag mismatch in the same callback.
    {
      code: `
export function draggable(handle) {
  handle.addEventListener('pointerdown', () => {
    const onMove = (e) => move(handle, e);
    document.addEventListener('pointermove', onMove, true);
    document.addEventListener('pointerup', () => document.removeEventListener('pointermove', onMove), { once: true });
  });
}`,
      errors: [{ messageId: 'accumulatingUnmatchedListener', line: 5, column: 5 }],
    },
    // A per-connection AbortController that is never aborted.
    {
      code: `
wss.on('connection', (ws) => {
  const controller = new AbortController();
  window.addEventListener('message', (e) => ws.send(e.data), { signal: controller.signal });
});`,
      errors: [{ messageId: 'accumulatingUnmatchedListener', line: 4, column: 3 }],
    },
    // Removal with a different handler in the same callback.
    {
      code: `
import { bus } from './bus';
wss.on('connection', (ws) => {
  const onTick = (t) => ws.send(t);
  bus.on('tick', onTick);
  ws.on('close', () => bus.off('tick', ws.send));
});`,
      errors: [{ messageId: 'accumulatingUnmatchedListener', line: 5, column: 3 }],
    },
    // NestJS route handler registering on an injected emitter.
    {
      code: `
@Controller('stream')
export class StreamController {
  constructor(private readonly events: EventEmitter2) {}
  @Get()
  stream(@Res() res: Response) {
    this.events.on('tick', (t) => res.write(t));
  }
}`,
      errors: [{ messageId: 'accumulatingUnmatchedListener', line: 7, column: 5 }],
    },
    // Fastify-style handler with (request, reply).
    {
      code: `
fastify.get('/health', async (request, reply) => {
  process.on('warning', logWarning);
  return { ok: true };
});`,
      errors: [{ messageId: 'accumulatingListener', line: 3, column: 3 }],
    },
    // Plain CommonJS plugin.
    {
      code: `
const bus = require('./bus');
module.exports = function plugin(app) {
  app.on('request', (req) => {
    bus.on('config', reload);
  });
};`,
      ...espreeCommonJS,
      errors: [{ messageId: 'accumulatingListener', line: 5, column: 5 }],
    },
    // Observer object callbacks run for every value.
    {
      code: `
import { jobs$ } from './jobs';
jobs$.subscribe({
  next: (job) => {
    process.on('exit', () => job.cancel());
  },
});`,
      ...espreeModule,
      errors: [{ messageId: 'accumulatingUnmatchedListener', line: 5, column: 5 }],
    },
    // Browser class: a click handler adds a global resize listener each click, and every
    // insertion of the element adds another click handler to it.
    {
      code: `
export class Dropdown extends HTMLElement {
  connectedCallback() {
    this.addEventListener('click', () => {
      window.addEventListener('resize', () => this.position());
    });
  }
}`,
      errors: [
        { messageId: 'accumulatingUnmatchedListener', line: 4, column: 5 },
        { messageId: 'accumulatingUnmatchedListener', line: 5, column: 7 },
      ],
    },
    // additionalRegistrationMethods: the custom method's callbacks are event callbacks too.
    {
      code: `
import { hub } from './hub';
hub.listen('user', (user) => {
  hub.listen('logout', onLogout);
});`,
      options: [{ additionalRegistrationMethods: ['listen'] }],
      errors: [{ messageId: 'accumulatingListener', line: 4, column: 3 }],
    },
  ],
});
