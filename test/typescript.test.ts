import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { tsc } from './typescript.js';

const TSC = join(import.meta.dirname, '..', 'node_modules', 'typescript', 'bin', 'tsc');
const directory = mkdtempSync(join(tmpdir(), 'lifeguard-tsc-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('tsc() in the test process', () => {
  it('prints what tsc -p prints, and emits where tsc would', () => {
    writeFileSync(join(directory, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', lib: ['ES2022'], outDir: 'dist', rootDir: '.', types: [] }, files: ['index.ts'] }));
    writeFileSync(join(directory, 'index.ts'), "export const port: number = 'eighty';\n");
    const own = tsc(directory);
    const spawned = spawnSync(process.execPath, [TSC, '-p', '.', '--pretty', 'false'], { cwd: directory, encoding: 'utf8' });
    expect(own.errors).toBe(1);
    expect(own.output).toBe(spawned.stdout);
    writeFileSync(join(directory, 'index.ts'), 'export const port: number = 80;\n');
    rmSync(join(directory, 'dist'), { recursive: true, force: true });
    expect(tsc(directory)).toEqual({ output: '', errors: 0 });
    expect(existsSync(join(directory, 'dist', 'index.js'))).toBe(true);
    rmSync(join(directory, 'dist'), { recursive: true, force: true });
    tsc(directory, '.', { noEmit: true });
    expect(existsSync(join(directory, 'dist'))).toBe(false);
  });
});
