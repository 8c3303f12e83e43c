import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/lifeguard.js', import.meta.url));
const BUILT = existsSync(fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url)));

// The launcher imports the compiled CLI; `npm test` builds first through its pretest script.
describe('bin/lifeguard.js (built)', () => {
  beforeAll(() => {
    if (!BUILT) throw new Error('dist/ is missing: run `npm run build` before the tests (npm test does it through pretest).');
  });

  it('prints the version and lists the rules', () => {
    expect(execFileSync(process.execPath, [BIN, '--version'], { encoding: 'utf8' })).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect(execFileSync(process.execPath, [BIN, 'list'], { encoding: 'utf8' })).toMatch(/^ {2}lifeguard\/require-timer-cleanup /m);
  });

  it('exits 2 on an unknown command', () => {
    const result = spawnSync(process.execPath, [BIN, 'frobnicate'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown command: frobnicate');
  });
});
