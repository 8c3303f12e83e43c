#!/usr/bin/env node
// `npm run demo`: lint the bundled chat service with Lifeguard and print what it finds,
// grouped by rule, with the codemod that fixes each group.
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tsParser from '@typescript-eslint/parser';
import { ESLint } from 'eslint';
import lifeguard from '../dist/src/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const service = join(root, 'examples/chat-service');

const eslint = new ESLint({
  cwd: service,
  overrideConfigFile: true,
  overrideConfig: [{ files: ['**/*.ts'], languageOptions: { parser: tsParser } }, lifeguard.configs.recommended],
});
const results = await eslint.lintFiles(['src']);

const byRule = new Map();
for (const result of results) {
  for (const message of result.messages) {
    if (message.fatal) {
      console.error(`${relative(service, result.filePath)}: ${message.message}`);
      process.exitCode = 1;
      continue;
    }
    const list = byRule.get(message.ruleId) ?? [];
    list.push({ file: relative(service, result.filePath), ...message });
    byRule.set(message.ruleId, list);
  }
}

const total = [...byRule.values()].reduce((sum, list) => sum + list.length, 0);
console.log(`Lifeguard on examples/chat-service: ${total} findings in ${results.length} files\n`);
for (const [ruleId, list] of [...byRule].sort(([a], [b]) => a.localeCompare(b))) {
  const name = ruleId.replace(/^lifeguard\//, '');
  const codemod = lifeguard.rules[name]?.meta.docs.codemod;
  console.log(`${ruleId} (${list.length})${codemod ? `  — fix: npx lifeguard ${codemod}` : ''}`);
  for (const finding of list) {
    console.log(`  ${finding.file}:${finding.line}:${finding.column}  ${finding.message}`);
  }
  console.log('');
}
