import rule from '../../rules/require-listener-cleanup.js';
import { ruleTester } from '../rule-tester.js';

// A listener raced by a timeout inside a promise executor: when the timeout settles the promise
// first, a listener that only its own handler removes stays on the longer-lived target.
ruleTester.run('require-listener-cleanup: listener raced by a timeout', rule, {
  valid: [
    // The timeout removes it too.
    `
export class Broker {
  ping(node: string, ms: number): Promise<unknown> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.bus.off('pong', handler);
        resolve(null);
      }, ms);
      const handler = (pong: { node: string }): void => {
        if (pong.node !== node) return;
        clearTimeout(timer);
        this.bus.off('pong', handler);
        resolve(pong);
      };
      this.bus.on('pong', handler);
    });
  }
}`,
    // Both paths go through one cleanup function.
    `
export function waitFor(emitter: NodeJS.EventEmitter, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (value: boolean): void => {
      clearTimeout(timer);
      emitter.off('ready', onReady);
      resolve(value);
    };
    const onReady = (): void => done(true);
    const timer = setTimeout(() => done(false), ms);
    emitter.on('ready', onReady);
  });
}`,
    // The target is created inside the executor and dies with it.
    `
export function probe(url: string, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(url);
    const timer = setTimeout(() => resolve(false), ms);
    const onOpen = (): void => { clearTimeout(timer); socket.off('open', onOpen); resolve(true); };
    socket.on('open', onOpen);
  });
}`,
  ],
  invalid: [
    {
      code: `
export class Broker {
  ping(node: string, ms: number): Promise<unknown> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(null), ms);
      const handler = (pong: { node: string }): void => {
        if (pong.node !== node) return;
        clearTimeout(timer);
        this.bus.off('pong', handler);
        resolve(pong);
      };
      this.bus.on('pong', handler);
    });
  }
}`,
      errors: [{ messageId: 'removedOnlyWhenFired', line: 12, column: 7 }],
    },
    // On a module-scope emitter, with reject.
    {
      code: `
import { events } from './events.js';
export function nextJob(id: string, ms: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    setTimeout(() => reject(new Error('timeout')), ms);
    function onDone(job: { id: string }): void {
      if (job.id !== id) return;
      events.removeListener('done', onDone);
      resolve(job);
    }
    events.on('done', onDone);
  });
}`,
      errors: [{ messageId: 'removedOnlyWhenFired', line: 11, column: 5 }],
    },
  ],
});
