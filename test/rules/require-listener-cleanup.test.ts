import rule from '../../rules/require-listener-cleanup.js';
import { espreeCommonJS, espreeModule, ruleTester, tsx } from '../rule-tester.js';

/** A Preact component named `name` that listens on the document and the window and never lets go. */
const windowListeningComponent = (name: string): string => `
import { h, Component } from 'preact';
export default class ${name} extends Component {
  constructor() {
    super();
    document.body.addEventListener('gesturestart', (event) => event.preventDefault());
    window.addEventListener('popstate', this.onPopState);
  }
  onPopState = () => this.setState({ open: location.pathname === '/editor' });
  render() { return null; }
}`;

/** A module facade over a bus whose `reset()` removes the handlers it keeps, with `method` defined on it. */
const busFacade = (method: string): string => `
var bus = require('./bus');
var handlers = {};
var api = function () {};
${method}
api.reset = function () {
  Object.keys(handlers).forEach(function (event) {
    handlers[event].forEach(function (handler) { bus.removeListener(event, handler); });
  });
};
module.exports = api;`;

ruleTester.run('require-listener-cleanup', rule, {
  valid: [
    // once for the process's exit, removed in the teardown; and in a class with no end of its own.
    `
export class Flusher {
  constructor() {
    process.once('exit', this.flush);
  }
  flush = () => {};
  dispose() {
    process.off('exit', this.flush);
  }
}
export class Recorder {
  constructor() {
    process.once('exit', this.save);
  }
  save = () => {};
}`,
    // once for an event that comes again and again removes itself at the next one.
    `
export class Prompt {
  constructor() {
    process.stdin.once('data', this.answer);
  }
  answer = () => {};
  dispose() {}
}`,
    // The application's root component is rendered once for the page: what it adds to the window lasts as long as the page.
    {
      code: windowListeningComponent('App'),
      ...tsx,
    },
    // An \`on()\` of its own that passes the caller's event and handler through: the caller registers and removes.
    {
      code: busFacade(`api.on = function (event, handler) {
  if (!handlers[event]) { handlers[event] = []; }
  handlers[event].push(handler);
  bus.on(event, handler);
  return api;
};`),
      ...espreeCommonJS,
    },
    // Once per event name on a module-level bus: at most one listener per event, for as long as the bus lives.
    {
      code: `
var events = require('events');
var bus = new events.EventEmitter();
var collected = {};
bus.on('newListener', function (event) {
  if (!collected[event]) {
    collected[event] = true;
    bus.on(event, function () { console.log('emit', event); });
  }
});
var seen = new Set();
bus.on('newListener', function (event) {
  if (!seen.has(event)) {
    seen.add(event);
    bus.on(event, function () { console.log('emit', event); });
  }
});
module.exports = bus;`,
      ...espreeCommonJS,
    },
    // The abort listener removes the listeners the call added on what it was handed, and aborts what it made.
    `
export async function stream(video, source, signal) {
  const buffer = source.addSourceBuffer('video/mp4');
  const onEnded = () => buffer.abort();
  video.addEventListener('ended', onEnded);
  signal.addEventListener('abort', () => {
    video.removeEventListener('ended', onEnded);
    buffer.abort();
  });
}`,
    // A feature probe with no handler adds no listener.
    `
export function supportsPassive() {
  let passive = false;
  const opts = Object.defineProperty({}, 'passive', { get() { passive = true; } });
  window.addEventListener('test', null, opts);
  window.removeEventListener('test', null, opts);
  return passive;
}`,
    // An event map on another target (\`DomEvent.on(el, { … }, context)\`) is not read as an event named \`el\`.
    `
import * as DomEvent from './DomEvent';
export class Layers {
  onAdd() { DomEvent.on(this._container, { pointerenter: this.expand, pointerleave: this.collapse }, this); }
  onRemove() { this._map.off('click', this.collapse, this); }
  expand() {}
  collapse() {}
}`,
    // The module pairs the registration with a removal in another of its functions; callers decide when.
    `
function onWindowResize() { charts.forEach((resize) => resize()); }
const charts = new Map();
export function listenResizes(chart, resize) {
  if (!charts.size) window.addEventListener('resize', onWindowResize);
  charts.set(chart, resize);
}
export function unlistenResizes(chart) {
  charts.delete(chart);
  if (!charts.size) window.removeEventListener('resize', onWindowResize);
}`,
    // The abort listener stops the polling the call starts: the work runs until the signal aborts, by design.
    `
export function play(video, signal) {
  let poll;
  signal.addEventListener('abort', () => {
    if (poll != null) clearInterval(poll);
    video.pause();
  });
  poll = setInterval(() => video.sync(), 100);
}`,
    // A view over the element it is handed: the element's listeners go with the element.
    `
export class ToolbarItem {
  constructor(element) { this.$el = element; }
  bind(callback) {
    this.$el.on('click', (event) => { callback(this.$el.attr('data-key'), this); event.preventDefault(); });
  }
  destroy() { this.$el.off('keydown'); }
}`,
    // The app's one instance (made at module level): what init() adds on the socket lives as long as the
    // page, and unmounted() undoes only what mounted() added.
    `
import socket from './socket';
class Uploader {
  onDrop = (e) => this.drop(e);
  init() { socket.on('upload:auth', (token) => this.upload(token)); }
  mounted() { document.addEventListener('drop', this.onDrop); }
  unmounted() { document.removeEventListener('drop', this.onDrop); }
  drop() {}
  upload() {}
}
const instance = new Uploader();
export default { initialize: () => instance.init(), mounted: () => instance.mounted(), unmounted: () => instance.unmounted() };`,
    // A module binding given a brand-new socket through a chained assignment right before the listeners.
    `
let socket;
export function handshake(pad) {
  socket = pad.socket = io.connect('/');
  socket.on('message', (message) => pad.handle(message));
}`,
    // Module top-level registrations run once for the life of the process.
    `process.on('SIGTERM', () => server.close());`,
    `
window.addEventListener('beforeunload', () => {
  navigator.sendBeacon('/bye');
});`,
    // A startup function called once from the top level is top-level code too.
    `
async function main() {
  process.on('SIGINT', () => process.exit(130));
  await server.listen(3000);
}
main().catch(console.error);`,
    // Callbacks of one-shot calls made at top level run once.
    `
import http from 'node:http';
http.createServer(handler).listen(3000, () => {
  process.on('SIGTERM', () => process.exit(0));
});`,
    // Browser class: removal with the same handler in another member.
    `
class ResizeWatcher {
  private onResize = () => this.layout();
  start() {
    window.addEventListener('resize', this.onResize);
  }
  stop() {
    window.removeEventListener('resize', this.onResize);
  }
}`,
    // Same capture flag spelled two ways.
    `
class Shortcuts {
  start() {
    document.addEventListener('keydown', this.onKey, true);
  }
  stop() {
    document.removeEventListener('keydown', this.onKey, { capture: true });
  }
}`,
    // React hook: the effect returns the removal.
    {
      code: `
import { useEffect, useState } from 'react';
export function useWindowWidth() {
  const [width, setWidth] = useState(window.innerWidth);
  useEffect(() => {
    const onResize = () => setWidth(window.innerWidth);
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return width;
}`,
      ...tsx,
    },
    // React hook: a subscribe() that returns its unsubscribe function, returned from the effect.
    {
      code: `
import { useEffect, useState } from 'react';
import { store } from './store';
export function useStoreState() {
  const [state, setState] = useState(store.getState());
  useEffect(() => store.subscribe(() => setState(store.getState())), []);
  return state;
}`,
      ...tsx,
    },
    // React class component.
    {
      code: `
export class Gallery extends React.Component {
  handleScroll = () => this.setState({ y: window.scrollY });
  componentDidMount() {
    window.addEventListener('scroll', this.handleScroll, { passive: true });
  }
  componentWillUnmount() {
    window.removeEventListener('scroll', this.handleScroll);
  }
  render() {
    return <div />;
  }
}`,
      ...tsx,
    },
    // Web component: connectedCallback / disconnectedCallback.
    `
class ThemeToggle extends HTMLElement {
  onChange = (event: MediaQueryListEvent) => this.render(event.matches);
  connectedCallback() {
    document.addEventListener('theme-change', this.onChange);
  }
  disconnectedCallback() {
    document.removeEventListener('theme-change', this.onChange);
  }
}`,
    // Registering on itself or on its own shadow root is owned by the element.
    `
class Clicker extends HTMLElement {
  connectedCallback() {
    this.addEventListener('click', () => this.toggle());
    this.shadowRoot.addEventListener('slotchange', () => this.render());
  }
}`,
    // AbortController aborted in the cleanup method.
    `
class Tooltip {
  private controller = new AbortController();
  show() {
    document.addEventListener('pointermove', (e) => this.move(e), { signal: this.controller.signal });
  }
  destroy() {
    this.controller.abort();
  }
}`,
    // Destructured signal, controller aborted by the returned cleanup.
    `
export function trackFocus(onFocus) {
  const controller = new AbortController();
  const { signal } = controller;
  window.addEventListener('focus', onFocus, { signal });
  return () => controller.abort();
}`,
    // A signal from the caller (or AbortSignal.timeout) is aborted by its owner.
    `
export function waitForOnline(signal) {
  window.addEventListener('online', () => resume(), { signal });
  document.addEventListener('visibilitychange', () => ping(), { signal: AbortSignal.timeout(5000) });
}`,
    // once / { once: true } remove themselves.
    `
export class Loader {
  load() {
    window.addEventListener('load', () => this.ready(), { once: true });
    process.once('beforeExit', () => this.flush());
  }
}`,
    // NestJS: injected EventEmitter2, removed in onModuleDestroy.
    `
import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
@Injectable()
export class AuditService implements OnModuleInit, OnModuleDestroy {
  constructor(private readonly events: EventEmitter2) {}
  private readonly onOrder = (order: Order) => this.record(order);
  onModuleInit() {
    this.events.on('order.created', this.onOrder);
  }
  onModuleDestroy() {
    this.events.off('order.created', this.onOrder);
  }
}`,
    // Angular: subscription kept and unsubscribed in ngOnDestroy.
    `
export class ProductPage implements OnInit, OnDestroy {
  private sub?: Subscription;
  constructor(private route: ActivatedRoute) {}
  ngOnInit() {
    this.sub = this.route.params.subscribe((params) => this.load(params.id));
  }
  ngOnDestroy() {
    this.sub?.unsubscribe();
  }
}`,
    // Angular: takeUntil completes the stream; subscriptions collected in a composite.
    `
export class Dashboard {
  private readonly destroy$ = new Subject<void>();
  private readonly subs = new Subscription();
  constructor(private store: Store, private router: Router) {}
  ngOnInit() {
    this.store.select(selectUser).pipe(takeUntil(this.destroy$)).subscribe((user) => this.user = user);
    this.subs.add(this.router.events.subscribe(() => this.track()));
  }
  ngOnDestroy() {
    this.destroy$.next();
    this.subs.unsubscribe();
  }
}`,
    // rxjs in a Node service: local subscription released by the returned function.
    `
import { metrics$ } from './metrics';
export function startExporter(push) {
  const subscription = metrics$.subscribe((m) => push(m));
  return () => subscription.unsubscribe();
}`,
    // removeAllListeners(event) on the same target.
    `
import { bus } from './bus';
export class Jobs {
  start() {
    bus.on('job', (job) => this.run(job));
  }
  stop() {
    bus.removeAllListeners('job');
  }
}`,
    // Alias: TS parameter property and this.<name>; const t = this.target.
    `
export class Relay {
  constructor(private readonly upstream: EventEmitter) {
    upstream.on('message', this.forward);
  }
  attach() {
    const target = this.upstream;
    target.on('error', this.onError);
  }
  close() {
    this.upstream.off('message', this.forward);
    this.upstream.off('error', this.onError);
  }
}`,
    // Chained registrations removed one by one; constant event names.
    `
const TICK = 'tick';
export class Clock {
  constructor(private readonly timer: EventEmitter) {}
  start() {
    this.timer.on(TICK, this.onTick).on('stop', this.onStop);
  }
  dispose() {
    this.timer.off('tick', this.onTick).off('stop', this.onStop);
  }
}`,
    // The false-positive idioms: per-call parameters and per-event objects prune themselves.
    `
export class ClientSet {
  private clients = new Set();
  add(ws) {
    this.clients.add(ws);
    ws.once('close', () => this.clients.delete(ws));
    ws.on('error', (err) => this.log(err));
  }
}`,
    `
import { WebSocketServer } from 'ws';
export function startServer(port) {
  const wss = new WebSocketServer({ port });
  wss.on('connection', (ws, req) => {
    ws.on('message', (data) => ws.send(data));
    req.socket.on('error', () => ws.terminate());
  });
  return wss;
}`,
    // Objects the code created itself live and die with it.
    `
import net from 'node:net';
export class Client {
  connect() {
    this.socket = net.connect(6379);
    this.socket.on('data', (chunk) => this.parse(chunk));
    const ws = new WebSocket('wss://example.test');
    ws.addEventListener('open', () => ws.send('hi'));
  }
}`,
    // A shadowed global is just a parameter.
    `
export function attach(window, document) {
  window.addEventListener('resize', () => relayout());
  document.addEventListener('click', () => close());
}`,
    // Async iterators from node:events are not listeners on the events module.
    `
import events from 'node:events';
export async function consume(emitter) {
  for await (const [chunk] of events.on(emitter, 'data')) handle(chunk);
}`,
    // Vue options API: the removal is in another hook of the same object.
    {
      code: `
export default {
  mounted() {
    window.addEventListener('resize', this.onResize);
  },
  beforeUnmount() {
    window.removeEventListener('resize', this.onResize);
  },
};`,
      ...espreeModule,
    },
    // Plain CommonJS: top-level registration and a worker that removes its listener.
    {
      code: `
const bus = require('./bus');
process.on('uncaughtException', (err) => console.error(err));
class Worker {
  start() {
    bus.on('job', this.onJob);
  }
  stop() {
    bus.removeListener('job', this.onJob);
  }
}
module.exports = Worker;`,
      ...espreeCommonJS,
    },
    // An unknown global is not assumed long-lived unless configured.
    {
      code: `
export function init() {
  chrome.runtime.onMessage.addListener(handleMessage);
}`,
      ...espreeModule,
    },
    // A Nest provider without an end of its own: a singleton, living as long as the emitter.
    `
@Injectable()
export class AuditService implements OnModuleInit {
  constructor(private readonly events: EventEmitter2) {}
  onModuleInit() {
    this.events.on('order.created', (order) => this.record(order));
  }
}`,
    // Process-wide events from a plain function: process setup, run once by design.
    `
export function attachCrashReporter(report) {
  process.on('uncaughtException', (err) => report(err));
}`,
    // Redis-style subscribe on the same target is undone with target.unsubscribe().
    `
import { subscriber } from './redis';
export class Presence {
  async start() {
    await subscriber.subscribe('presence', this.onPresence);
  }
  async stop() {
    await subscriber.unsubscribe('presence');
  }
}`,
    // A named function expression that removes itself.
    `
import { hot } from './hot';
export function rpc(event, data) {
  hot.send(event, data);
  return new Promise((resolve) => {
    hot.on(\`\${event}:result\`, function onResult(result) {
      hot.off(\`\${event}:result\`, onResult);
      resolve(result);
    });
  });
}`,
    // A listener added per connection is reported by no-listener-accumulation, not twice.
    `
import { bus } from './bus';
export function attach(wss) {
  wss.on('connection', (ws) => {
    bus.on('tick', (tick) => ws.send(tick));
  });
}`,
    // additionalRemovalMethods: a custom removal method counts.
    {
      code: `
import { hub } from './hub';
export class View {
  show() {
    hub.on('refresh', this.refresh);
  }
  hide() {
    hub.detach('refresh', this.refresh);
  }
}`,
      options: [{ additionalRemovalMethods: ['detach'] }],
    },
  ],
  invalid: [
    // The instance ends with dispose(), but its once('exit') listener keeps it until the process exits.
    {
      code: `
export class Flusher {
  constructor() {
    process.once('exit', this.flush);
  }
  flush = () => {};
  dispose() {}
}`,
      errors: [{ messageId: 'onceUntilTheEnd', line: 4, column: 5 }],
    },
    // The same listeners in any other component: each mount adds them again, and the unmount leaves them.
    {
      code: windowListeningComponent('Editor'),
      ...tsx,
      errors: [
        { messageId: 'unmatchableHandler', line: 6, column: 5 },
        { messageId: 'missingRemoval', line: 7, column: 5 },
      ],
    },
    // The same shapes without what bounds them: a guard that never marks the event, and an inline handler
    // the function adds for its caller's event (the caller cannot remove it).
    {
      code: `
var events = require('events');
var bus = new events.EventEmitter();
var collected = {};
bus.on('newListener', function (event) {
  if (!collected[event]) {
    bus.on(event, function () { console.log('emit', event); });
  }
});
module.exports = bus;`,
      ...espreeCommonJS,
      errors: [{ messageId: 'unmatchableHandler', line: 7, column: 5 }],
    },
    {
      code: busFacade(`api.watch = function (event) {
  bus.on(event, function () { console.log(event); });
  return api;
};`),
      ...espreeCommonJS,
      errors: [{ messageId: 'unmatchableHandler', line: 6, column: 3 }],
    },
    // Browser class without any removal.
    {
      code: `
class ResizeWatcher {
  onResize = () => this.layout();
  start() {
    window.addEventListener('resize', this.onResize);
  }
}`,
      options: [{ assumeOwnersEnd: true }],
      errors: [{ messageId: 'missingRemoval', line: 5, column: 5 }],
    },
    // .bind() creates a new function: the removal can never match.
    {
      code: `
class Menu extends HTMLElement {
  connectedCallback() {
    document.addEventListener('click', this.onOutsideClick.bind(this));
  }
  disconnectedCallback() {
    document.removeEventListener('click', this.onOutsideClick.bind(this));
  }
}`,
      errors: [{ messageId: 'unmatchableHandler', line: 4, column: 5 }],
    },
    // Capture flag mismatch.
    {
      code: `
class Shortcuts {
  start() {
    document.addEventListener('keydown', this.onKey, { capture: true });
  }
  stop() {
    document.removeEventListener('keydown', this.onKey);
  }
}`,
      errors: [{ messageId: 'captureMismatch', line: 4, column: 5 }],
    },
    // Removed with a different handler.
    {
      code: `
export class Gallery extends React.Component {
  componentDidMount() {
    window.addEventListener('scroll', this.handleScroll);
  }
  componentWillUnmount() {
    window.removeEventListener('scroll', this.onScroll);
  }
  render() {
    return <div />;
  }
}`,
      ...tsx,
      errors: [{ messageId: 'handlerMismatch', line: 4, column: 5 }],
    },
    // React hook whose effect forgets to return the removal.
    {
      code: `
import { useEffect } from 'react';
export function useEscape(onEscape) {
  useEffect(() => {
    const onKey = (e) => e.key === 'Escape' && onEscape();
    document.addEventListener('keydown', onKey);
  }, [onEscape]);
}`,
      ...tsx,
      errors: [{ messageId: 'missingRemoval', line: 6, column: 5 }],
    },
    // Web component that never removes its global listener.
    {
      code: `
import { LitElement } from 'lit';
export class RouteView extends LitElement {
  connectedCallback() {
    super.connectedCallback();
    window.addEventListener('hashchange', this.onHash);
  }
  disconnectedCallback() {
    super.disconnectedCallback();
  }
}`,
      errors: [{ messageId: 'missingRemoval', line: 6, column: 5 }],
    },
    // AbortController that is never aborted.
    {
      code: `
class Tooltip {
  private controller = new AbortController();
  show() {
    document.addEventListener('pointermove', this.move, { signal: this.controller.signal });
  }
}`,
      errors: [{ messageId: 'signalNeverAborted', line: 5, column: 5 }],
    },
    // NestJS: injected emitter, inline handler, in a module whose providers are destroyed (onModuleDestroy).
    {
      code: `
@Injectable()
export class AuditService implements OnModuleInit, OnModuleDestroy {
  constructor(private readonly events: EventEmitter2) {}
  onModuleInit() {
    this.events.on('order.created', (order) => this.record(order));
  }
  onModuleDestroy() {}
}`,
      options: [{ assumeOwnersEnd: true }],
      errors: [{ messageId: 'unmatchableHandler', line: 6, column: 5 }],
    },
    // Angular: subscription to an injected router's stream is discarded.
    {
      code: `
export class Breadcrumbs implements OnInit {
  constructor(private router: Router) {}
  ngOnInit() {
    this.router.events.pipe(filter((e) => e instanceof NavigationEnd)).subscribe(() => this.update());
  }
}`,
      errors: [{ messageId: 'discardedSubscription', line: 5, column: 5 }],
    },
    // Angular inject(): a kept subscription never unsubscribed.
    {
      code: `
import { inject } from '@angular/core';
export class Cart {
  private store = inject(Store);
  private sub;
  ngOnInit() {
    this.sub = this.store.items$.subscribe((items) => this.items = items);
  }
  ngOnDestroy() {}
}`,
      errors: [{ messageId: 'unsubscribedSubscription', line: 7, column: 16 }],
    },
    // rxjs in a Node service: imported stream.
    {
      code: `
import { events$ } from './bus';
export class Indexer {
  start() {
    events$.subscribe((event) => this.index(event));
  }
}`,
      options: [{ assumeOwnersEnd: true }],
      errors: [{ messageId: 'discardedSubscription', line: 5, column: 5 }],
    },
    // EventEmitter bus (module scope) in a service class.
    {
      code: `
import { EventEmitter } from 'node:events';
export const bus = new EventEmitter();
export class Mailer {
  start() {
    bus.on('user.created', this.sendWelcome);
  }
}`,
      options: [{ assumeOwnersEnd: true }],
      errors: [{ messageId: 'missingRemoval', line: 6, column: 5 }],
    },
    // Constructor-injected server: the class has no end of its own, so the constructor's listener
    // lives as long as both; attach() begins a lifecycle that nothing can stop.
    {
      code: `
export class UpgradeHandler {
  constructor(server) {
    this.server = server;
    server.on('upgrade', this.onUpgrade);
  }
  attach() {
    this.server.on('close', () => this.cleanup());
  }
}`,
      options: [{ assumeOwnersEnd: true }],
      errors: [{ messageId: 'unmatchableHandler', line: 8, column: 5 }],
    },
    // A process-wide handler from an object that has an end of its own: every instance that
    // closes leaves its handler (and itself) on process.
    {
      code: `
export class CrashReporter {
  constructor(report) {
    process.on('uncaughtException', (err) => report(err));
  }
  close() {}
}`,
      errors: [{ messageId: 'unmatchableHandler', line: 4, column: 5 }],
    },
    // Vue options API without a removal.
    {
      code: `
export default {
  mounted() {
    window.addEventListener('online', this.sync);
  },
};`,
      ...espreeModule,
      errors: [{ messageId: 'missingRemoval', line: 4, column: 5 }],
    },
    // Plain CommonJS: module-scope bus used from a class, never removed.
    {
      code: `
const bus = require('./bus');
class Worker {
  start() {
    bus.on('job', this.onJob);
  }
}
module.exports = Worker;`,
      ...espreeCommonJS,
      options: [{ assumeOwnersEnd: true }],
      errors: [{ messageId: 'missingRemoval', line: 5, column: 5 }],
    },
    // ws server imported from another module: connection handler never removed.
    {
      code: `
import { wss } from './server';
export class Hub {
  start() {
    wss.on('connection', (ws) => {
      ws.on('message', (data) => this.broadcast(data));
    });
  }
}`,
      options: [{ assumeOwnersEnd: true }],
      errors: [{ messageId: 'unmatchableHandler', line: 5, column: 5 }],
    },
    // A named function expression that never removes itself is still a plain listener.
    {
      code: `
import { hot } from './hot';
export function watch(onUpdate) {
  hot.on('update', function handleUpdate(payload) {
    onUpdate(payload);
  });
}`,
      options: [{ assumeOwnersEnd: true }],
      errors: [{ messageId: 'missingRemoval', line: 4, column: 3 }],
    },
    // additionalGlobalTargets: configured global.
    {
      code: `
export function watchMessages() {
  chrome.runtime.onMessage.addListener(handleMessage);
}`,
      ...espreeModule,
      options: [{ additionalGlobalTargets: ['chrome'], assumeOwnersEnd: true }],
      errors: [{ messageId: 'missingRemoval', line: 3, column: 3 }],
    },
    // additionalRegistrationMethods: a custom registration method.
    {
      code: `
import { hub } from './hub';
export class View {
  show() {
    hub.listen('refresh', this.refresh);
  }
}`,
      options: [{ additionalRegistrationMethods: ['listen'], assumeOwnersEnd: true }],
      errors: [{ messageId: 'missingRemoval', line: 5, column: 5 }],
    },
    // cleanupMethods: the message names the configured cleanup method.
    {
      code: `
export class Panel {
  open() {
    window.addEventListener('resize', this.layout);
  }
  teardownPanel() {}
}`,
      options: [{ cleanupMethods: ['teardownPanel'] }],
      errors: [
        {
          messageId: 'missingRemoval',
          line: 4,
          column: 5,
          data: {
            listener: "Listener for 'resize'",
            target: 'window',
            lifetime: 'a global',
            cleanupPlace: 'teardownPanel() of Panel',
          },
        },
      ],
    },
  ],
});
