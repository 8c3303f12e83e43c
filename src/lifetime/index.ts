import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import type { DetectorSource } from '../ast/traverse.js';
import { createExecutionModel, type ExecutionModel, type ExecutionOptions } from './execution.js';
import { fileRoleOf, type FileRoleResult } from './file-role.js';

export * from './execution.js';
export * from './file-role.js';
export * from './ownership.js';
export * from './repetition.js';
export * from './teardown.js';

/**
 * The shared lifetime analysis of one file: what the file is for and how often
 * each piece of its code runs. Every detector and codemod asks it, so that two
 * rules never disagree about the same code.
 */
export interface LifetimeModel extends ExecutionModel {
  readonly fileRole: FileRoleResult;
  /**
   * True when nothing at `node` can leak into a long-lived process: the file is a
   * type test, a test suite or a one-shot script by its content, or `node` is
   * inside a test-framework callback. Path-based roles (a `test/` folder) are the
   * config's business (`configs.recommended` ignores them), so a team that lints
   * its tests still gets findings there.
   */
  isInertCode(node: TSESTree.Node): boolean;
}

const models = new WeakMap<TSESTree.Program, Map<string, LifetimeModel>>();

export function lifetimeModelOf(source: DetectorSource, options: ExecutionOptions = {}): LifetimeModel {
  const key = JSON.stringify(options);
  let perOptions = models.get(source.ast);
  const cached = perOptions?.get(key);
  if (cached) return cached;
  const execution = createExecutionModel(source.ast, source.scopeManager, options);
  const filename = source.filename ?? ('path' in source && typeof source.path === 'string' ? source.path : undefined);
  const fileRole = fileRoleOf(filename, source.ast, source.text, source.cwd ?? (typeof process === 'undefined' ? undefined : process.cwd()));
  const contentInert = fileRole.role === 'type-test' || fileRole.contentRole === 'test' || fileRole.contentRole === 'script' || fileRole.contentRole === 'generated';
  const model: LifetimeModel = {
    ...execution,
    fileRole,
    isInertCode: (node) => contentInert || execution.isTestCode(node),
  };
  if (!perOptions) models.set(source.ast, (perOptions = new Map()));
  perOptions.set(key, model);
  return model;
}

/** The detector's view of an ESLint rule context: the source plus the file's name. */
export function detectorSourceOf(context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): DetectorSource {
  const { sourceCode } = context;
  return { text: sourceCode.text, ast: sourceCode.ast, scopeManager: sourceCode.scopeManager, filename: context.filename, cwd: context.cwd };
}
