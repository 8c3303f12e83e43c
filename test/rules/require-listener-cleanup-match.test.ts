import rule from '../../rules/require-listener-cleanup.js';
import { ruleTester } from '../rule-tester.js';

// A listener on a longer-lived target that waits for one particular event and is removed only when
// that event arrives, with no timeout: when it never comes, the listener stays with all it holds.
ruleTester.run('require-listener-cleanup: removed only when the awaited event arrives', rule, {
  valid: [
    // A timeout ends the wait and removes it.
    `
var God = module.exports = { bus: new EventEmitter() };
God.executeApp = function executeApp(env, cb) {
  God.forkMode(env, function forkMode(err, proc) {
    var timer = setTimeout(function () {
      God.bus.removeListener('process:msg', listener);
      cb(null, proc);
    }, env.listen_timeout);
    var listener = function (packet) {
      if (packet.raw === 'ready' && packet.id === proc.id) {
        clearTimeout(timer);
        God.bus.removeListener('process:msg', listener);
        return cb(null, proc);
      }
    };
    God.bus.on('process:msg', listener);
  });
};`,
    // Removed on the first event, whatever it carries: not a wait for one particular event.
    `
import { bus } from './bus.js';
export function nextMessage(cb: (m: unknown) => void): void {
  const listener = (message: unknown): void => {
    bus.off('message', listener);
    cb(message);
  };
  bus.on('message', listener);
}`,
    // Removed elsewhere too (the caller's cancel).
    `
import { bus } from './bus.js';
export function waitForJob(id: string, done: (job: unknown) => void): () => void {
  function onDone(job: { id: string }): void {
    if (job.id !== id) return;
    bus.off('done', onDone);
    done(job);
  }
  bus.on('done', onDone);
  return () => bus.off('done', onDone);
}`,
    // Waiting on a socket the enclosing function has just created (a handshake): it ends with that socket.
    `
let socket;
export const handshake = async () => {
  socket = io.connect('/');
  await new Promise((resolve) => {
    const h = (obj) => {
      if (obj.type !== 'CLIENT_VARS') return;
      socket.off('message', h);
      resolve();
    };
    socket.on('message', h);
  });
};`,
  ],
  invalid: [
    // pm2's wait_ready: the start waits for the app's 'ready' message, forever if it never sends it.
    {
      code: `
var God = module.exports = { bus: new EventEmitter() };
God.executeApp = function executeApp(env, cb) {
  God.forkMode(env, function forkMode(err, proc) {
    if (err) return cb(err);
    var listener = function (packet) {
      if (packet.raw === 'ready' && packet.id === proc.id) {
        God.bus.removeListener('process:msg', listener);
        return cb(null, proc);
      }
    };
    God.bus.on('process:msg', listener);
  });
};`,
      errors: [{ messageId: 'removedOnlyOnMatch', line: 12, column: 5 }],
    },
    // A promise waiting for the reply to one request on a module-scope emitter, with an early return.
    {
      code: `
import { events } from './events.js';
export function nextJob(id: string): Promise<unknown> {
  return new Promise((resolve) => {
    function onDone(job: { id: string }): void {
      if (job.id !== id) return;
      events.removeListener('done', onDone);
      resolve(job);
    }
    events.on('done', onDone);
  });
}`,
      errors: [{ messageId: 'removedOnlyOnMatch', line: 10, column: 5 }],
    },
  ],
});
