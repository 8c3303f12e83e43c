import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import {
  DEFAULT_STARTUP_FUNCTIONS,
  createStartupAwaitsDetector,
  type UnboundedStartupStep,
} from '../src/detectors/startup-awaits.js';
import { RUNTIME_MODULE, RUNTIME_MODULES } from '../src/detectors/timeout-helpers.js';
import { detectorSourceOf } from '../src/lifetime/index.js';
import { createRule } from '../src/util/create-rule.js';
import { flagOption, namesOption, optionsSchema, reportFindings, startupDetectorOptions } from '../src/util/rule-options.js';

export interface RequireStartupTimeoutOptions {
  startupFunctions?: string[];
  lifecycleHooks?: string[];
  startupFiles?: string[];
  timeoutHelpers?: string[];
  neverHangingCalls?: string[];
  reportLocalCalls?: boolean;
  defaultStepBudgetMs?: number;
}
export type Options = [RequireStartupTimeoutOptions];
export type MessageIds = 'unboundedStartupStep' | 'wrapInWithTimeout';

const DEFAULT_STEP_BUDGET_MS = 10_000;

export default createRule<Options, MessageIds>({
  name: 'require-startup-timeout',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require awaited calls in startup code to be bounded by a timeout',
      recommended: false,
      strictOptions: [{ reportLocalCalls: true }],
      requiresTypeChecking: false,
      codemod: 'staged-timeout',
    },
    hasSuggestions: true,
    schema: optionsSchema({
      startupFunctions: namesOption('Names of functions and methods that are startup code (replaces the default list).'),
      lifecycleHooks: namesOption('Method names treated as startup lifecycle hooks, in addition to the built-in ones (onModuleInit, onApplicationBootstrap, async ngOnInit, async started).'),
      startupFiles: namesOption('Globs of files (matched against the linted file path) whose module-level functions and class methods all count as startup code.'),
      timeoutHelpers: namesOption('Names of your own timeout helpers, in addition to withTimeout, stage, pTimeout, promiseTimeout and the like.'),
      neverHangingCalls: namesOption("Callee paths that always settle and need no timeout ('config.load', 'this.cache.warm', '*.listen' for any object's listen)."),
      reportLocalCalls: flagOption('Also report awaited calls that do not look like waiting on a peer (a connect, a readiness wait, a request, a database or broker call): local helpers, file loading, computations.'),
      defaultStepBudgetMs: {
        type: 'integer',
        minimum: 1,
        description: 'The budget in milliseconds the suggestion puts into withTimeout(...).',
      },
    }),
    defaultOptions: [
      {
        startupFunctions: [...DEFAULT_STARTUP_FUNCTIONS],
        lifecycleHooks: [],
        startupFiles: [],
        timeoutHelpers: [],
        neverHangingCalls: [],
        reportLocalCalls: false,
        defaultStepBudgetMs: DEFAULT_STEP_BUDGET_MS,
      },
    ],
    messages: {
      unboundedStartupStep: "Startup step `{{code}}` is awaited without a timeout, so {{where}} can hang forever; bound it with withTimeout(…, ms, {{stepLiteral}}) or a signal.",
      wrapInWithTimeout: "Wrap in withTimeout(…, {{budget}}, {{stepLiteral}}) from lifeguard-runtime.",
    },
  },
  create(context, [options]) {
    const budget = options.defaultStepBudgetMs ?? DEFAULT_STEP_BUDGET_MS;
    const detector = createStartupAwaitsDetector(detectorSourceOf(context), startupDetectorOptions(options, context.filename));
    const sourceCode = context.sourceCode;

    return reportFindings(detector, (finding) => {
      // A phase (`await this.initDatabase()`) is reported step by step inside it.
      if (finding.isPhase) return;
      const stepLiteral = quote(finding.step);
      context.report({
        node: finding.expression,
        messageId: 'unboundedStartupStep',
        data: { code: codeOf(finding, sourceCode), where: whereOf(finding), stepLiteral },
        suggest: [
          {
            messageId: 'wrapInWithTimeout',
            data: { budget: String(budget), stepLiteral },
            fix: (fixer) => wrapInWithTimeout(fixer, sourceCode, finding, budget, stepLiteral, context.languageOptions.sourceType),
          },
        ],
      });
    });
  },
});

function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function codeOf(finding: UnboundedStartupStep, sourceCode: TSESLint.SourceCode): string {
  if (finding.expression.type === 'NewExpression' && finding.calleePath !== null) return `${finding.calleePath}(…)`;
  if (finding.calleePath !== null) return finding.isCall ? `${finding.calleePath}()` : finding.calleePath;
  const text = sourceCode.getText(finding.expression).replace(/\s+/g, ' ');
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

function whereOf(finding: UnboundedStartupStep): string {
  const fn = finding.startupFunction;
  if (!fn) return 'module loading';
  return fn.name ? `${fn.name}()` : 'startup';
}

function wrapInWithTimeout(
  fixer: TSESLint.RuleFixer,
  sourceCode: TSESLint.SourceCode,
  finding: UnboundedStartupStep,
  budget: number,
  stepLiteral: string,
  sourceType: string | undefined,
): TSESLint.RuleFix[] {
  const program = sourceCode.ast;
  const binding = runtimeBinding(program);
  const expressionText = sourceCode.getText(finding.expression);
  const argument = finding.expression.type === 'SequenceExpression' ? `(${expressionText})` : expressionText;
  const callee = binding.local ?? 'withTimeout';
  const fixes = [fixer.replaceText(finding.expression, `${callee}(${argument}, ${budget}, ${stepLiteral})`)];
  const importFix = binding.local ? null : addWithTimeoutImport(fixer, sourceCode, binding, sourceType);
  if (importFix) fixes.push(importFix);
  return fixes;
}

interface RuntimeBinding {
  /** How `withTimeout` is already reachable (`withTimeout`, an alias, `lifeguard.withTimeout`). */
  readonly local: string | null;
  /** An `import { … } from 'lifeguard-runtime'` (or the plugin's `/runtime`) to merge into. */
  readonly namedImport: TSESTree.ImportDeclaration | null;
  /** A `const { … } = require('lifeguard-runtime')` (or the plugin's `/runtime`) to merge into. */
  readonly requirePattern: TSESTree.ObjectPattern | null;
}

function runtimeBinding(program: TSESTree.Program): RuntimeBinding {
  let namedImport: TSESTree.ImportDeclaration | null = null;
  let requirePattern: TSESTree.ObjectPattern | null = null;
  for (const statement of program.body) {
    if (statement.type === 'ImportDeclaration' && typeof statement.source.value === 'string' && RUNTIME_MODULES.has(statement.source.value) && statement.importKind !== 'type') {
      for (const specifier of statement.specifiers) {
        if (specifier.type === 'ImportSpecifier') {
          const imported = specifier.imported.type === 'Identifier' ? specifier.imported.name : specifier.imported.value;
          if (imported === 'withTimeout' && specifier.importKind !== 'type') return { local: specifier.local.name, namedImport: null, requirePattern: null };
        } else if (specifier.type === 'ImportNamespaceSpecifier') {
          return { local: `${specifier.local.name}.withTimeout`, namedImport: null, requirePattern: null };
        }
      }
      if (!statement.specifiers.some((specifier) => specifier.type === 'ImportDefaultSpecifier')) namedImport ??= statement;
    }
    if (statement.type === 'VariableDeclaration') {
      for (const declarator of statement.declarations) {
        const init = declarator.init;
        if (
          init?.type === 'CallExpression' &&
          init.callee.type === 'Identifier' &&
          init.callee.name === 'require' &&
          init.arguments[0]?.type === 'Literal' &&
          typeof init.arguments[0].value === 'string' &&
          RUNTIME_MODULES.has(init.arguments[0].value)
        ) {
          if (declarator.id.type === 'Identifier') return { local: `${declarator.id.name}.withTimeout`, namedImport: null, requirePattern: null };
          if (declarator.id.type === 'ObjectPattern') {
            for (const property of declarator.id.properties) {
              if (property.type === 'Property' && property.key.type === 'Identifier' && property.key.name === 'withTimeout' && property.value.type === 'Identifier') {
                return { local: property.value.name, namedImport: null, requirePattern: null };
              }
            }
            requirePattern ??= declarator.id;
          }
        }
      }
    }
  }
  return { local: null, namedImport, requirePattern };
}

function addWithTimeoutImport(
  fixer: TSESLint.RuleFixer,
  sourceCode: TSESLint.SourceCode,
  binding: RuntimeBinding,
  sourceType: string | undefined,
): TSESLint.RuleFix | null {
  if (binding.namedImport) {
    const specifiers = binding.namedImport.specifiers;
    const last = specifiers.at(-1);
    if (last) return fixer.insertTextAfter(last, ', withTimeout');
    // `import {} from '…'`
    const openBrace = sourceCode.getFirstToken(binding.namedImport, { filter: (token) => token.value === '{' });
    return openBrace ? fixer.insertTextAfter(openBrace, ' withTimeout ') : null;
  }
  if (binding.requirePattern) {
    const last = binding.requirePattern.properties.at(-1);
    if (last) return fixer.insertTextAfter(last, ', withTimeout');
    return fixer.replaceText(binding.requirePattern, '{ withTimeout }');
  }
  const program = sourceCode.ast;
  const quoteChar = detectQuote(sourceCode);
  const semicolon = usesSemicolons(sourceCode) ? ';' : '';
  const specifier = `${quoteChar}${RUNTIME_MODULE}${quoteChar}`;
  const line = isCommonJS(sourceType, program)
    ? `const { withTimeout } = require(${specifier})${semicolon}`
    : `import { withTimeout } from ${specifier}${semicolon}`;
  const lastImport = program.body.findLast((statement) => statement.type === 'ImportDeclaration' || isRequireDeclaration(statement));
  if (lastImport) return fixer.insertTextAfter(lastImport, `\n${line}`);
  // After the prologue ('use strict'), so the directives stay directives.
  let lastDirective: TSESTree.ProgramStatement | null = null;
  for (const statement of program.body) {
    if (statement.type !== 'ExpressionStatement' || !('directive' in statement) || typeof statement.directive !== 'string') break;
    lastDirective = statement;
  }
  if (lastDirective) return fixer.insertTextAfter(lastDirective, `\n${line}`);
  // Before the first token, so decorators (`@Injectable()`) stay on their class.
  const first = sourceCode.getFirstToken(program);
  return first ? fixer.insertTextBeforeRange(first.range, `${line}\n`) : fixer.insertTextAfterRange([0, 0], `${line}\n`);
}

/** A CommonJS file: declared so, or without any import/export but with `require()` declarations. */
function isCommonJS(sourceType: string | undefined, program: TSESTree.Program): boolean {
  if (sourceType === 'commonjs' || sourceType === 'script') return true;
  const isModuleSyntax = program.body.some((statement) => statement.type.startsWith('Import') || statement.type.startsWith('Export'));
  return !isModuleSyntax && program.body.some(isRequireDeclaration);
}

function isRequireDeclaration(statement: TSESTree.ProgramStatement): boolean {
  return (
    statement.type === 'VariableDeclaration' &&
    statement.declarations.some(
      (declarator) => declarator.init?.type === 'CallExpression' && declarator.init.callee.type === 'Identifier' && declarator.init.callee.name === 'require',
    )
  );
}

function detectQuote(sourceCode: TSESLint.SourceCode): string {
  for (const statement of sourceCode.ast.body) {
    if (statement.type === 'ImportDeclaration') return sourceCode.getText(statement.source).startsWith('"') ? '"' : "'";
  }
  return "'";
}

function usesSemicolons(sourceCode: TSESLint.SourceCode): boolean {
  const statement = sourceCode.ast.body.find(
    (candidate) => candidate.type === 'ImportDeclaration' || candidate.type === 'VariableDeclaration' || candidate.type === 'ExpressionStatement',
  );
  return statement ? sourceCode.getText(statement).trimEnd().endsWith(';') : true;
}
