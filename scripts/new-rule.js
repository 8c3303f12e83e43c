#!/usr/bin/env node
// `npm run new:rule -- <name>`: generates the four files of a new rule and registers it in
// rules/index.ts. The generated files are starting points that fail the suite on purpose until
// they are filled in: the detector finds nothing, so the test's invalid case fails; the doc's ❌
// example is not reported (test/docs/rule-examples.test.ts); the description does not yet start
// with Enforce/Require/Disallow (test/plugin.test.ts). See CONTRIBUTING.md.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const name = process.argv[2];

if (!name || !/^(no|require|consistent|prefer)-[a-z]+(-[a-z]+)*$/.test(name)) {
  console.error('usage: npm run new:rule -- <name>   (kebab-case, starting with no-, require-, consistent- or prefer-)');
  process.exit(2);
}

const camel = (text) => text.replace(/-([a-z])/g, (_, letter) => letter.toUpperCase());
const pascal = (text) => camel(text).replace(/^[a-z]/, (letter) => letter.toUpperCase());
const ruleVariable = camel(name);
const finding = `${pascal(name)}Finding`;
const createDetector = `create${pascal(name)}Detector`;

const files = {
  [`src/detectors/${name}.ts`]: `import type { TSESTree } from '@typescript-eslint/utils';
import type { Detector, DetectorSource } from '../ast/traverse.js';

/** One problem the rule reports and the codemod edits: a node and what is wrong with it. */
export interface ${finding} {
  node: TSESTree.Node;
}

/** The rule's options (each also in the rule's schema, with a description, and in its doc). */
export type ${pascal(name)}Options = Record<string, never>;

/**
 * Pure: ESTree in, findings out. Runs inside ESLint's traversal (the rule) and under walk()
 * (the codemods). Ask src/lifetime/ how often code runs and who owns a target; never re-derive it.
 */
export function ${createDetector}(source: DetectorSource, options: ${pascal(name)}Options = {}): Detector<${finding}> {
  void source;
  void options;
  const findings: ${finding}[] = [];
  return {
    visitors: {},
    finish: () => findings,
  };
}
`,
  [`rules/${name}.ts`]: `import { ${createDetector}, type ${pascal(name)}Options } from '../src/detectors/${name}.js';
import { createRule } from '../src/util/create-rule.js';
import { optionsSchema, reportFindings } from '../src/util/rule-options.js';

export type Options = [${pascal(name)}Options];
export type MessageIds = 'problem';

const rule = createRule<Options, MessageIds>({
  name: '${name}',
  meta: {
    type: 'problem',
    docs: {
      description: 'Describe what ${name} reports',
      recommended: false,
      requiresTypeChecking: false,
    },
    // Each option: namesOption(description) for a list of names, flagOption(description) for a switch.
    schema: optionsSchema({}),
    defaultOptions: [{}],
    messages: {
      problem: 'Say what leaks or hangs, why, and how to fix it.',
    },
  },
  create(context, [options]) {
    const detector = ${createDetector}(context.sourceCode, options);
    return reportFindings(detector, (finding) => context.report({ node: finding.node, messageId: 'problem' }));
  },
});

export default rule;
`,
  [`test/rules/${name}.test.ts`]: `import rule from '../../rules/${name}.js';
import { ruleTester } from '../rule-tester.js';

ruleTester.run('${name}', rule, {
  valid: [
    // The idiom the rule must leave alone, and why.
    'const timer = setInterval(tick, 1000);\\nclearInterval(timer);',
  ],
  invalid: [
    {
      // The smallest real leak or hang the rule exists for.
      code: 'replaceWithTheLeak();',
      errors: [{ messageId: 'problem', line: 1, column: 1 }],
    },
  ],
});
`,
  [`docs/rules/${name}.md`]: `# Describe what ${name} reports (\`lifeguard/${name}\`)

<!-- end auto-generated rule header -->

What goes wrong at run time, in a long-lived process, when code does this.

## Rule details

### ❌ Incorrect

\`\`\`ts
replaceWithTheLeak();
\`\`\`

### ✅ Correct

\`\`\`ts
replaceWithTheFix();
\`\`\`

## Options

<!-- begin auto-generated rule options list -->

<!-- end auto-generated rule options list -->

## When not to use it
`,
};

for (const path of Object.keys(files)) {
  if (existsSync(join(root, path))) {
    console.error(`new:rule: ${path} exists; pick another name or remove it first`);
    process.exit(1);
  }
}
for (const [path, text] of Object.entries(files)) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
  console.log(`created ${path}`);
}

// Register the rule: one import and one table entry, both kept in name order.
const indexPath = join(root, 'rules/index.ts');
const index = readFileSync(indexPath, 'utf8');
const imports = [...index.matchAll(/^import \w+ from '\.\/[\w-]+\.js';$/gm)].map((match) => match[0]);
const entries = [...index.matchAll(/^ {2}'[\w-]+': \w+,$/gm)].map((match) => match[0]);
const sortedImports = [...imports, `import ${ruleVariable} from './${name}.js';`].sort((a, b) => a.split("'")[1].localeCompare(b.split("'")[1]));
const sortedEntries = [...entries, `  '${name}': ${ruleVariable},`].sort();
let updated = index.replace(imports.join('\n'), sortedImports.join('\n'));
updated = updated.replace(entries.join('\n'), sortedEntries.join('\n'));
writeFileSync(indexPath, updated);
console.log('registered it in rules/index.ts');
console.log(`next: write the test cases, then the detector, the rule's meta and messages, and the doc (see CONTRIBUTING.md); npx vitest run test/rules/${name}.test.ts test/docs test/plugin.test.ts`);
