import type { JSONSchema, TSESLint } from '@typescript-eslint/utils';
import { mergeVisitors, type Detector, type DetectorVisitors } from '../ast/traverse.js';
import type { ListenerRegistrationOptions } from '../detectors/listener-registrations.js';
import type { RetainedBackReferenceOptions } from '../detectors/retained-back-references.js';
import { DEFAULT_STARTUP_FUNCTIONS, type StartupTimeoutOptions } from '../detectors/startup-awaits.js';
import type { TimerCleanupOptions } from '../detectors/timer-cleanup.js';
import type { UnprunedRegistryOptions } from '../detectors/unpruned-registries.js';
import type { WaitLoopOptions } from '../detectors/wait-loops.js';
import type { WorkerCleanupOptions } from '../detectors/worker-cleanup.js';

type Schema = JSONSchema.JSONSchema4;

/**
 * The one shape every rule's options take: a single object whose properties are all optional and
 * whose unknown properties are refused (a misspelt option is an error, not silently ignored).
 */
export function optionsSchema(properties: Record<string, Schema>): Schema[] {
  return [{ type: 'object', additionalProperties: false, properties }];
}

/** An option listing names (methods, functions, globs): strings, each once. */
export function namesOption(description: string): Schema {
  return { type: 'array', items: { type: 'string' }, uniqueItems: true, description };
}

/** An on/off option. */
export function flagOption(description: string): Schema {
  return { type: 'boolean', description };
}

/**
 * The visitors a rule returns for a detector: the detector's own, and at `Program:exit` each of its
 * findings handed to `report` (findings come in source order, once the whole file has been read).
 */
export function reportFindings<Finding>(detector: Detector<Finding>, report: (finding: Finding) => void): DetectorVisitors {
  return mergeVisitors(detector.visitors, {
    'Program:exit'() {
      for (const finding of detector.finish()) report(finding);
    },
  });
}

/**
 * Makes a rule cost one scan of the text on files that cannot hold what it reports. The check runs
 * before `createRule`'s wrapper merges the options (a structured clone per file), so it gets the
 * options as the user wrote them.
 */
export function skipFilesWithout<Rule extends TSESLint.RuleModule<string, readonly unknown[], unknown>>(
  rule: Rule,
  mayReport: (text: string, options: Rule extends TSESLint.RuleModule<string, infer Options, unknown> ? Options | readonly [] : never) => boolean,
): Rule {
  const create = rule.create.bind(rule);
  rule.create = (context) => (mayReport(context.sourceCode.text, context.options as never) ? create(context) : {});
  return rule;
}

// ---------------------------------------------------------------------------
// The listener rules (require-listener-cleanup, no-listener-accumulation) share the detector and
// so its options: the same names, defaults and meaning, so that both classify registrations alike.

/** What the two listener rules' descriptions of an option may say beyond the shared text. */
export interface ListenerOptionNotes {
  readonly registrationMethods?: string;
  readonly cleanupMethods: string;
}

export function listenerOptionsSchema(notes: ListenerOptionNotes, own: Record<string, Schema> = {}): Schema[] {
  return optionsSchema({
    additionalRegistrationMethods: namesOption(
      `Extra method names that add a listener, called as \`target.method(event, handler)\` or \`target.method(handler)\`${notes.registrationMethods ?? ''}.`,
    ),
    additionalRemovalMethods: namesOption('Extra method names that remove a listener, called as `target.method(event, handler)`.'),
    additionalGlobalTargets: namesOption('Extra global names or dotted paths (unshadowed) that live for the whole process or page, such as `chrome` or `io`.'),
    cleanupMethods: namesOption(notes.cleanupMethods),
    ...own,
  });
}

export const LISTENER_DEFAULT_OPTIONS: ListenerRegistrationOptions = {
  additionalRegistrationMethods: [],
  additionalRemovalMethods: [],
  additionalGlobalTargets: [],
  cleanupMethods: [],
};

/** The detector's options from a listener rule's (already merged with the defaults). */
export function listenerOptionsOf(options: Partial<ListenerRegistrationOptions>): ListenerRegistrationOptions {
  return {
    additionalRegistrationMethods: options.additionalRegistrationMethods ?? [],
    additionalRemovalMethods: options.additionalRemovalMethods ?? [],
    additionalGlobalTargets: options.additionalGlobalTargets ?? [],
    cleanupMethods: options.cleanupMethods ?? [],
    assumeOwnersEnd: options.assumeOwnersEnd ?? false,
  };
}

// ---------------------------------------------------------------------------
// Each rule's options → its detector's options, in one place: the rule and the codemod that fixes
// what it reports (which reads the rule's options from the project's ESLint config) agree on them.

export function timerDetectorOptions(options: Partial<TimerCleanupOptions>): TimerCleanupOptions {
  return { checkModuleScope: options.checkModuleScope ?? false, checkTimeoutFields: options.checkTimeoutFields ?? true, checkRaceTimers: options.checkRaceTimers ?? true, assumeOwnersEnd: options.assumeOwnersEnd ?? false };
}

export function workerDetectorOptions(options: Partial<WorkerCleanupOptions>): WorkerCleanupOptions {
  return { checkLocalWorkers: options.checkLocalWorkers ?? true, checkEnterWith: options.checkEnterWith ?? true, teardownMethods: options.teardownMethods ?? [] };
}

export function waitLoopDetectorOptions(options: Partial<WaitLoopOptions>): WaitLoopOptions {
  return { delayFunctions: options.delayFunctions ?? [], timeoutHelpers: options.timeoutHelpers ?? [] };
}

export function registryDetectorOptions(options: Partial<UnprunedRegistryOptions>): UnprunedRegistryOptions {
  return {
    checkExported: options.checkExported ?? false,
    checkArrays: options.checkArrays ?? true,
    checkAllInstanceFields: options.checkAllInstanceFields ?? false,
    weakCollections: options.weakCollections ?? [],
    removalMethods: options.removalMethods ?? [],
  };
}

export function backReferenceDetectorOptions(options: Partial<RetainedBackReferenceOptions>): RetainedBackReferenceOptions {
  return { checkListeners: options.checkListeners ?? true, weakCollections: options.weakCollections ?? [] };
}

/** `require-startup-timeout`'s options (as written in a config) for the startup detector on `filename`. */
export function startupDetectorOptions(options: Partial<Omit<StartupTimeoutOptions, 'filename'>>, filename: string): StartupTimeoutOptions {
  return {
    startupFunctions: options.startupFunctions ?? DEFAULT_STARTUP_FUNCTIONS,
    lifecycleHooks: options.lifecycleHooks ?? [],
    startupFiles: options.startupFiles ?? [],
    timeoutHelpers: options.timeoutHelpers ?? [],
    neverHangingCalls: options.neverHangingCalls ?? [],
    filename,
    reportLocalCalls: options.reportLocalCalls ?? false,
  };
}
