import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../src/codemod/edits.js';
import { addImport } from '../../src/codemod/imports.js';
import { parseForTest } from './helpers.js';

const RUNTIME = './lifeguard-runtime.js';

function add(text: string, names: string[], fileName = 'file.ts', source = RUNTIME): { output: string; locals: Record<string, string> } {
  const file = parseForTest(text, fileName);
  const { edit, locals } = addImport(file, { source, names });
  return { output: applyEdits(text, [edit]), locals };
}

describe('addImport (ESM)', () => {
  it('adds a new import after the last import, in the file style', () => {
    const text = `import a from "a"\nimport { b } from "b"\n\nawait a(b)\n`;
    expect(add(text, ['withTimeout', 'stage']).output).toBe(
      `import a from "a"\nimport { b } from "b"\nimport { withTimeout, stage } from "./lifeguard-runtime.js"\n\nawait a(b)\n`,
    );
  });

  it('merges into an existing import of the same module', () => {
    const text = `import { stage } from './lifeguard-runtime.js';\nawait stage();\n`;
    expect(add(text, ['withTimeout']).output).toBe(`import { stage, withTimeout } from './lifeguard-runtime.js';\nawait stage();\n`);
  });

  it('merges into a multi-line import, keeping one name per line and the trailing comma', () => {
    const text = `import {\n  stage,\n  deadline,\n} from './lifeguard-runtime.js';\n`;
    expect(add(text, ['withTimeout']).output).toBe(`import {\n  stage,\n  deadline,\n  withTimeout,\n} from './lifeguard-runtime.js';\n`);
  });

  it('adds braces after a default import', () => {
    expect(add(`import runtime from './lifeguard-runtime.js';\n`, ['stage']).output).toBe(`import runtime, { stage } from './lifeguard-runtime.js';\n`);
  });

  it('is idempotent and reuses aliases and namespace imports', () => {
    const aliased = `import { withTimeout as wt } from './lifeguard-runtime.js';\n`;
    const result = add(aliased, ['withTimeout']);
    expect(result.output).toBe(aliased);
    expect(result.locals).toEqual({ withTimeout: 'wt' });

    const namespace = `import * as lg from './lifeguard-runtime.js';\n`;
    expect(add(namespace, ['stage'])).toEqual({ output: namespace, locals: { stage: 'lg.stage' } });
  });

  it('does not merge value names into a type-only import', () => {
    const text = `import type { StepTimeoutError } from './lifeguard-runtime.js';\n`;
    expect(add(text, ['withTimeout']).output).toBe(`${text}import { withTimeout } from './lifeguard-runtime.js';\n`);
  });

  it('puts a first import after the shebang, directives and a header comment', () => {
    expect(add(`#!/usr/bin/env node\nmain();\n`, ['stage'], 'cli.mjs').output).toBe(
      `#!/usr/bin/env node\nimport { stage } from './lifeguard-runtime.js';\n\nmain();\n`,
    );
    expect(add(`'use client';\nexport const a = 1;\n`, ['stage']).output).toBe(
      `'use client';\nimport { stage } from './lifeguard-runtime.js';\nexport const a = 1;\n`,
    );
    expect(add(`/*\n * License\n */\n\nexport const a = 1;\n`, ['stage']).output).toBe(
      `/*\n * License\n */\n\nimport { stage } from './lifeguard-runtime.js';\n\nexport const a = 1;\n`,
    );
    expect(add(`/** Docs of a. */\nexport const a = 1;\n`, ['stage']).output).toBe(
      `import { stage } from './lifeguard-runtime.js';\n\n/** Docs of a. */\nexport const a = 1;\n`,
    );
  });
});

describe('addImport (CommonJS)', () => {
  it('adds a require after the last require, matching quotes and semicolons', () => {
    const text = `'use strict'\nconst fs = require("fs")\nconst { join } = require("path")\n\nmodule.exports = {}\n`;
    expect(add(text, ['withTimeout'], 'server.js').output).toBe(
      `'use strict'\nconst fs = require("fs")\nconst { join } = require("path")\nconst { withTimeout } = require("./lifeguard-runtime.js")\n\nmodule.exports = {}\n`,
    );
  });

  it('merges into an existing destructuring require and reuses a namespace require', () => {
    const text = `const { stage } = require('./lifeguard-runtime.js');\nmodule.exports = stage;\n`;
    expect(add(text, ['withTimeout'], 'server.cjs').output).toBe(
      `const { stage, withTimeout } = require('./lifeguard-runtime.js');\nmodule.exports = stage;\n`,
    );
    const namespace = `const lg = require('./lifeguard-runtime.js');\nmodule.exports = lg;\n`;
    expect(add(namespace, ['withTimeout'], 'server.cjs')).toEqual({ output: namespace, locals: { withTimeout: 'lg.withTimeout' } });
  });

  it('adds a require after "use strict" when the file has none', () => {
    expect(add(`'use strict';\nmodule.exports = 1;\n`, ['stage'], 'a.cjs').output).toBe(
      `'use strict';\nconst { stage } = require('./lifeguard-runtime.js');\nmodule.exports = 1;\n`,
    );
  });
});

describe('applyEdits', () => {
  it('refuses overlapping edits', () => {
    expect(() => applyEdits('abcdef', [{ start: 1, end: 3, text: 'x' }, { start: 2, end: 4, text: 'y' }])).toThrow(/overlapping/);
  });

  it('keeps the given order of insertions at one offset', () => {
    expect(applyEdits('ab', [{ start: 1, end: 1, text: '1' }, { start: 1, end: 1, text: '2' }])).toBe('a12b');
  });
});
