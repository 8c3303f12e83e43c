import * as tsParser from '@typescript-eslint/parser';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/index.js';

/**
 * The two listener rules share one analysis per file when their options match.
 * Together they must report exactly what each reports alone, in either order
 * and with differing options.
 */
const code = `
import { bus } from './bus';
export class Presence {
  constructor(private readonly emitter: NodeJS.EventEmitter) {}
  start() {
    this.emitter.on('tick', () => this.publish());
    wss.on('connection', (socket) => {
      bus.on('message', (message) => socket.send(message));
    });
  }
  publish() {}
  stop() {
    this.emitter.off('flush', this.publish);
  }
}
`;

const linter = new Linter({ configType: 'flat' });
function lint(rules: Record<string, unknown>) {
  return linter
    .verify(code, [{ files: ['**/*.ts'], plugins: { lifeguard: plugin as never }, rules: rules as never, languageOptions: { parser: tsParser as never } }], 'presence.ts')
    .map((message) => `${message.ruleId}@${message.line}:${message.column}:${message.messageId}`)
    .sort();
}

describe('require-listener-cleanup with no-listener-accumulation', () => {
  const alone = [...lint({ 'lifeguard/require-listener-cleanup': 'error' }), ...lint({ 'lifeguard/no-listener-accumulation': 'error' })].sort();

  it('finds one missing cleanup and one accumulation when run alone', () => {
    expect(alone).toEqual([
      'lifeguard/no-listener-accumulation@8:7:accumulatingUnmatchedListener',
      'lifeguard/require-listener-cleanup@6:5:unmatchableHandler',
    ]);
  });

  it('reports the same together, in either order', () => {
    expect(lint({ 'lifeguard/require-listener-cleanup': 'error', 'lifeguard/no-listener-accumulation': 'error' })).toEqual(alone);
    expect(lint({ 'lifeguard/no-listener-accumulation': 'error', 'lifeguard/require-listener-cleanup': 'error' })).toEqual(alone);
  });

  it('reports the same together when their options differ (no sharing then)', () => {
    expect(
      lint({
        'lifeguard/require-listener-cleanup': ['error', { cleanupMethods: ['finish'] }],
        'lifeguard/no-listener-accumulation': 'error',
      }),
    ).toEqual(alone);
  });
});
