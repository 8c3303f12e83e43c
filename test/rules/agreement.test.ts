// The rules agree about when code runs and who owns what: the same run-once and ownership shapes
// silence the listener, timer and registry rules alike, and the same control shape trips all three.
import tsParser from '@typescript-eslint/parser';
import { ESLint, type Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import lifeguard from '../../dist/src/index.js';

const eslint = new ESLint({
  cwd: '/project',
  overrideConfigFile: true,
  // `all`: no-unpruned-registry is outside recommended, and the agreement holds for every rule.
  overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tsParser } }, lifeguard.configs.all as Linter.Config],
});

/**
 * A body that registers a listener on an imported bus, starts an interval and grows a module registry,
 * each holding what the call was handed (`key`): run again, it leaves one more of each behind.
 */
const BODY = `
  bus.on('job', (job) => bus.emit('done', key, job));
  setInterval(() => bus.emit('tick', key), 1000);
  seen.set(key, { at: Date.now() });`;
const PRELUDE = `import { bus } from './bus';\nconst seen = new Map<string, object>();\n`;

const RULES = ['lifeguard/require-listener-cleanup', 'lifeguard/require-timer-cleanup', 'lifeguard/no-unpruned-registry'];

async function rulesFiring(code: string, path = '/project/src/service.ts'): Promise<string[]> {
  const [result] = await eslint.lintText(PRELUDE + code, { filePath: path });
  return [...new Set(result!.messages.map((message) => message.ruleId ?? 'fatal'))].sort();
}

describe('every rule reads the same lifetimes', () => {
  it('the control shape (a function the file calls per request) trips all three', async () => {
    expect(await rulesFiring(`export function handle(key: string) {${BODY}\n}\nserver.on('request', (req) => handle(String(req.url)));`)).toEqual([...RULES].sort());
  });

  it.each([
    ['main()', `async function main(key: string) {${BODY}\n}\nmain('a').catch(() => process.exit(1));`],
    ['a setup-named function', `export function setupWorkers(key: string) {${BODY}\n}`],
    ['an init-once guard', `let started = false;\nexport function start(key: string) {\n  if (started) return;\n  started = true;${BODY}\n}`],
    ['a lazy singleton constructor', `export class Hub {\n  static get() { if (!this.instance) this.instance = new this('k'); return this.instance; }\n  constructor(key: string) {${BODY}\n  }\n}`],
    ['the callback of a top-level listen()', `const key = 'k';\nserver.listen(3000, () => {${BODY}\n});`],
    ['a function that ends the process', `export function cli(key: string, run: () => Promise<void>) {${BODY}\n  run().finally(() => process.exit(0));\n}`],
    ['test code', `describe('hub', () => {\n  it('runs', () => {\n    const key = 'k';${BODY}\n  });\n});`],
  ])('%s silences all three', async (_name, code) => {
    expect(await rulesFiring(code)).toEqual([]);
  });

  it('a type-test file silences all three', async () => {
    expect(await rulesFiring(`export function handle(key: string) {${BODY}\n}`, '/project/src/hub.test-d.ts')).toEqual([]);
  });
});
