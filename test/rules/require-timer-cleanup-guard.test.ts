import rule from '../../rules/require-timer-cleanup.js';
import { ruleTester } from '../rule-tester.js';

// A guard timeout around an awaited call, cleared only after the call succeeds, in a `try` that carries
// on when it throws: the throw skips the clear, and the timeout still fires on the owner's objects.
const guarded = (clear: string, after = '') => `
export class Worker {
  async waitForJob(client: Redis, seconds: number): Promise<number> {
    try {
      const timeout = setTimeout(async () => {
        await this.blockingConnection.disconnect();
        await this.blockingConnection.reconnect();
      }, seconds * 1000 + 1000);
      const result = await client.bzpopmin(this.keys.marker, seconds);
      ${clear}
      return result ? 1 : 0;
    } catch (error) {
      this.emit('error', error);
    }${after}
    return Infinity;
  }
}`;

ruleTester.run('require-timer-cleanup: guard timeouts cleared only on success', rule, {
  valid: [
    // Cleared in the catch too.
    guarded('clearTimeout(timeout);')
      .replace('const timeout = setTimeout', 'timeout = setTimeout')
      .replace('    try {', '    let timeout: NodeJS.Timeout | undefined;\n    try {')
      .replace("this.emit('error', error);", "clearTimeout(timeout);\n      this.emit('error', error);"),
    // A timeout that only rejects: firing late does nothing.
    `
export async function fetchWithGuard(request: () => Promise<string>): Promise<string | null> {
  try {
    let reject!: (error: Error) => void;
    const guard = new Promise<never>((_, r) => (reject = r));
    const timer = setTimeout(() => reject(new Error('timeout')), 1000);
    const value = await Promise.race([request(), guard]);
    clearTimeout(timer);
    return value;
  } catch {
    return null;
  }
}`,
    // Cleared in a finally block (the fix).
    guarded('', ' finally {\n      clearTimeout(timeout);\n    }').replace('const timeout = setTimeout', 'timeout = setTimeout').replace('    try {', '    let timeout: NodeJS.Timeout | undefined;\n    try {'),
    // No try: a throw ends the caller's work as well (not this shape).
    `
export class Worker {
  async waitForJob(client: Redis): Promise<void> {
    const timeout = setTimeout(() => this.connection.reconnect(), 5000);
    await client.bzpopmin('marker', 5);
    clearTimeout(timeout);
  }
}`,
  ],
  invalid: [
    // bullmq's waitForJob before the fix.
    { code: guarded('clearTimeout(timeout);'), errors: [{ messageId: 'clearedOnlyOnSuccess', line: 5, column: 23 }] },
    // The handle declared before the try, assigned in it.
    {
      code: guarded('clearTimeout(timeout);').replace('const timeout = setTimeout', 'timeout = setTimeout').replace('    try {', '    let timeout: NodeJS.Timeout | undefined;\n    try {'),
      errors: [{ messageId: 'clearedOnlyOnSuccess', line: 6, column: 17 }],
    },
  ],
});
