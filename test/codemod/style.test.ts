import { describe, expect, it } from 'vitest';
import { parseForTest } from './helpers.js';

describe('quote style detection', () => {
  it('takes the majority of string literals', () => {
    expect(parseForTest(`import a from "a";\nconst b = 'b';\nconst c = "c";\n`).style.quote).toBe('"');
    expect(parseForTest(`import a from 'a';\nconst b = 'b';\nconst c = "c";\n`).style.quote).toBe("'");
  });

  it('breaks a tie with the first string', () => {
    expect(parseForTest(`const a = "a";\nconst b = 'b';\n`).style.quote).toBe('"');
  });

  it('ignores JSX attribute strings, which follow HTML habits', () => {
    const file = parseForTest(`import x from 'x';\nexport const A = () => <a href="1" title="2" id="3">{'y'}</a>;\n`, 'component.tsx');
    expect(file.style.quote).toBe("'");
  });

  it('defaults to single quotes without any string', () => {
    expect(parseForTest('const a = 1;\n').style.quote).toBe("'");
  });
});

describe('semicolon detection', () => {
  it('detects a file with semicolons', () => {
    expect(parseForTest(`import a from 'a';\nconst b = a();\nexport function f() {\n  return b;\n}\n`).style.semicolons).toBe(true);
  });

  it('detects a file without semicolons (standard style)', () => {
    const text = `import a from 'a'\nconst b = a()\nexport function f() {\n  return b\n}\nfor (const x of b) console.log(x)\n`;
    expect(parseForTest(text).style.semicolons).toBe(false);
  });

  it('does not count declarations that never take a semicolon', () => {
    const text = `export function f() {}\nexport class A {}\nexport default function g() {}\nconst a = 1\n`;
    expect(parseForTest(text).style.semicolons).toBe(false);
  });

  it('counts class fields', () => {
    const text = `class A {\n  a = 1\n  b = 2\n  c = 3;\n}\n`;
    expect(parseForTest(text).style.semicolons).toBe(false);
  });

  it('defaults to semicolons in an empty file', () => {
    expect(parseForTest('').style.semicolons).toBe(true);
  });
});
