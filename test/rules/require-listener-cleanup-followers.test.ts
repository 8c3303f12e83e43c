import rule from '../../rules/require-listener-cleanup.js';
import ruleAccumulation from '../../rules/no-listener-accumulation.js';
import { ruleTester } from '../rule-tester.js';

ruleTester.run('require-listener-cleanup: state objects, hook APIs, own methods', rule, {
  valid: [
    // One state object per call: it also listens for the call's end, so it lives and dies with the call.
    `
export class CallState {
  constructor(private client: Client, private call: Call) {
    call.on('data', (message: unknown) => this.onMessage(message));
    call.on('status', (status: unknown) => this.onStatus(status));
    call.on('error', () => {});
  }
  onMessage(message: unknown): void {}
  onStatus(status: unknown): void {}
  destroy(): void {}
}`,
    // A per-connection wrapper that follows its socket to 'close'.
    `
export class Peer {
  constructor(private socket: WebSocket) {
    socket.on('message', (data: Buffer) => this.receive(data));
    socket.on('close', () => this.dispose());
  }
  receive(data: Buffer): void {}
  dispose(): void {}
}`,
    // A public API whose job is to hook the caller's callback onto the process.
    `
export class Agent {
  onExit(callback: () => void): void {
    const handler = (): void => callback();
    process.on('exit', handler);
    process.on('SIGTERM', () => { handler(); process.exit(); });
  }
  destroy(): void {}
}`,
  ],
  invalid: [
    // Control: the same state object without the end listener, whose destroy() shows the call outlives
    // it (it removes another listener from the call); nothing ties the 'data' listener to the call's end.
    {
      code: `
export class CallState {
  private readonly onMetadata = () => {};
  constructor(private client: Client, private call: Call) {
    call.on('data', (message: unknown) => this.onMessage(message));
    call.on('metadata', this.onMetadata);
  }
  onMessage(message: unknown): void {}
  destroy(): void { this.call.off('metadata', this.onMetadata); }
}`,
      errors: [{ messageId: 'unmatchableHandler', line: 5, column: 5 }],
    },
    // Control: the agent's own handler, not the caller's.
    {
      code: `
export class Agent {
  install(): void {
    process.on('SIGTERM', () => { this.flush(); });
  }
  flush(): void {}
  destroy(): void {}
}`,
      errors: [{ messageId: 'unmatchableHandler', line: 4, column: 5 }],
    },
  ],
});

ruleTester.run('no-listener-accumulation: a class\'s own subscribe() method', ruleAccumulation, {
  valid: [
    `
export class AdsCall {
  private names = new Set<string>();
  constructor(private call: Call) {
    call.on('status', () => {
      for (const name of this.names) this.subscribe('cluster', name);
    });
  }
  subscribe(type: string, name: string): void { this.names.add(name); }
  destroy(): void {}
}`,
  ],
  invalid: [
    // Control: an observable's subscribe in the same callback piles up.
    {
      code: `
export class AdsCall {
  constructor(private call: Call, private updates: Observable<unknown>) {
    call.on('status', () => {
      this.updates.subscribe((update) => this.apply(update));
    });
  }
  apply(update: unknown): void {}
  destroy(): void {}
}`,
      errors: [{ messageId: 'accumulatingSubscription', line: 5, column: 7 }],
    },
  ],
});
