import rule from '../../rules/require-listener-cleanup.js';
import { ruleTester } from '../rule-tester.js';

// `this.initializing.then((client) => client.on(…))`: the callback's parameter is the field that the
// class's own async init() resolves with; when that field may hold the caller's client (closed by the
// class only when it is not the caller's), the listener is the class's to remove.
const init = `
  private async init(): Promise<Redis> {
    if (!this._client) this._client = new Redis(this.opts);
    await waitUntilReady(this._client);
    return this._client;
  }`;

ruleTester.run('require-listener-cleanup: listeners added when an init promise resolves', rule, {
  valid: [
    // The teardown removes it (the fix bullmq made).
    `
export class RedisConnection extends EventEmitter {
  private _client: Redis;
  private initializing: Promise<Redis>;
  private handleClientError = (err: Error): void => { this.emit('error', err); };
  constructor(private readonly opts?: Redis | RedisOptions) {
    super();
    if (isRedisInstance(opts)) this._client = opts;
    this.initializing = this.init();
    this.initializing.then((client) => client.on('error', this.handleClientError));
  }${init}
  async close(): Promise<void> {
    if (this.opts != this._client) await this._client.quit();
    else this._client.off('error', this.handleClientError);
  }
}`,
    // The class always closes its client: the two end together.
    `
export class RedisConnection extends EventEmitter {
  private _client: Redis;
  private initializing: Promise<Redis>;
  constructor(private readonly opts?: Redis | RedisOptions) {
    super();
    if (isRedisInstance(opts)) this._client = opts;
    this.initializing = this.init();
    this.initializing.then((client) => client.on('error', (err) => this.emit('error', err)));
  }${init}
  async close(): Promise<void> {
    await this._client.quit();
  }
}`,
    // The promise resolves with something else than a field (a fresh object per call).
    `
export class Pool extends EventEmitter {
  private initializing: Promise<Conn>;
  constructor(private readonly opts: Options) {
    super();
    this.initializing = this.connect();
    this.initializing.then((conn) => conn.on('error', (err) => this.emit('error', err)));
  }
  private async connect(): Promise<Conn> {
    return new Conn(this.opts);
  }
  async close(): Promise<void> {}
}`,
  ],
  invalid: [
    // bullmq's RedisConnection: the caller's client keeps every closed connection through 'error'.
    {
      code: `
export class RedisConnection extends EventEmitter {
  private _client: Redis;
  private initializing: Promise<Redis>;
  constructor(private readonly opts?: Redis | RedisOptions) {
    super();
    if (isRedisInstance(opts)) this._client = opts;
    this.initializing = this.init();
    this.initializing.then((client) => client.on('error', (err) => this.emit('error', err)));
  }${init}
  async close(): Promise<void> {
    if (this.opts != this._client) await this._client.quit();
  }
}`,
      errors: [{ messageId: 'unmatchableHandler', line: 9, column: 40 }],
    },
    // The same through `this.init().then(…)`.
    {
      code: `
export class RedisConnection extends EventEmitter {
  private _client: Redis;
  constructor(private readonly opts?: Redis | RedisOptions) {
    super();
    if (isRedisInstance(opts)) this._client = opts;
    this.init().then((client) => client.on('error', this.onError));
  }${init}
  async close(): Promise<void> {
    if (this.opts !== this._client) await this._client.quit();
  }
}`,
      errors: [{ messageId: 'missingRemoval', line: 7, column: 34 }],
    },
  ],
});
