import { describe, expect, it } from 'vitest';
import { fileRoleFromPath, NON_SERVICE_GLOBS } from '../../src/lifetime/file-role.js';
import { FILES, NON_SERVICE_FILES } from '../../src/configs.js';

describe('file roles from paths', () => {
  it.each([
    ['src/server.ts', null],
    ['src/catalog.test-d.ts', 'type-test'],
    ['test-d/index.ts', 'type-test'],
    ['src/server.test.ts', 'test'],
    ['test/helpers.js', 'test'],
    ['packages/client/lib/sentinel/test-util.ts', 'test'],
    ['src/__tests__/x.js', 'test'],
    ['examples/chat/server.js', 'example'],
    ['doctests/query.js', 'example'],
    ['example.js', 'example'],
    ['bench/run.js', 'benchmark'],
    ['scripts/release.mjs', 'script'],
    ['vite.config.ts', 'script'],
    ['dist/app.min.js', 'generated'],
  ])('%s → %s', (path, role) => {
    expect(fileRoleFromPath(`/repo/${path}`, '/repo')).toBe(role);
  });

  it('folders above the working directory say nothing', () => {
    expect(fileRoleFromPath('/home/me/tests/app/src/server.ts', '/home/me/tests/app')).toBe(null);
    expect(fileRoleFromPath('/home/me/tests/app/src/server.ts', '/home/me/tests/app/')).toBe(null);
  });

  it('the configs ignore every non-service glob', () => {
    expect(NON_SERVICE_FILES).toEqual(Object.values(NON_SERVICE_GLOBS).flat());
    expect(FILES).toHaveLength(1);
  });
});
