import { describe, expect, it } from 'vitest';
import { workerResourceOf } from '../../src/lifetime/workers.js';
import { find, parse } from './helpers.js';

/** What the first call or `new` starting with `prefix` starts, as `kind:api`, or null. */
function started(code: string, type: 'CallExpression' | 'NewExpression', prefix: string): string | null {
  const source = parse(code, '/project/src/file.js');
  const resource = workerResourceOf(source.scopeManager, find(source, type, prefix));
  return resource ? `${resource.kind}:${resource.api}` : null;
}

describe('workers: what a call starts', () => {
  it('recognises worker_threads and the web Worker, channels and ports', () => {
    expect(started("import { Worker } from 'node:worker_threads'; new Worker('./w.js');", 'NewExpression', 'new Worker')).toBe('worker:Worker');
    expect(started("new Worker(new URL('./w.js', import.meta.url));", 'NewExpression', 'new Worker')).toBe('worker:Worker');
    expect(started("const wt = require('worker_threads'); new wt.MessageChannel();", 'NewExpression', 'new wt')).toBe('channel:MessageChannel');
  });
  it('recognises fork and spawn however child_process is required', () => {
    expect(started("import { fork } from 'child_process'; fork('./c.js');", 'CallExpression', 'fork')).toBe('child:fork');
    expect(started("const cp = require('node:child_process'); cp.spawn('ffmpeg');", 'CallExpression', 'cp.spawn')).toBe('child:spawn');
    expect(started("const spawn = require('child_process').spawn; spawn('ffmpeg');", 'CallExpression', "spawn('")).toBe('child:spawn');
    expect(started("require('child_process').fork('./c.js');", 'CallExpression', "require('child_process').fork")).toBe('child:fork');
  });
  it('leaves the exec family, other modules and look-alikes alone', () => {
    expect(started("const { exec } = require('child_process'); exec('ls');", 'CallExpression', 'exec(')).toBeNull();
    expect(started("const spawn = require('cross-spawn').sync; spawn('ls');", 'CallExpression', "spawn('")).toBeNull();
    expect(started("import { Worker } from 'jest-worker'; new Worker('./w.js');", 'NewExpression', 'new Worker')).toBeNull();
    expect(started("const spawn = (cmd) => cmd; spawn('ls');", 'CallExpression', "spawn('")).toBeNull();
  });
});
