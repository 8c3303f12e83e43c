import { dirname, relative } from 'node:path';
import type { Node } from 'ts-morph';
import { mergeVisitors, walk } from '../../src/ast/traverse.js';
import { applyEdits, positionAt } from '../../src/codemod/edits.js';
import { addImport } from '../../src/codemod/imports.js';
import { toPosix } from '../../src/util/paths.js';
import {
  UsageError,
  type Codemod,
  type ManualReviewItem,
  type ParsedFile,
  type ProjectTransformContext,
  type TextEdit,
  type TransformResult,
} from '../../src/codemod/types.js';
import { createRetainedBackReferenceDetector, type RetainedBackReferenceFinding } from '../../src/detectors/retained-back-references.js';
import { createUnprunedRegistryDetector, type UnprunedRegistryFinding } from '../../src/detectors/unpruned-registries.js';
import { backReferenceDetectorOptions, registryDetectorOptions } from '../../src/util/rule-options.js';
import { analyzeBackReference } from './back-references.js';
import { overlaps, type ChangeSet, type Note } from './change-set.js';
import { analyzeRegistry } from './registries.js';
import { nearestTsconfig } from '../../src/codemod/typecheck.js';
import { affectedFiles, errorCounts, firstError, loadProject, ReferenceFinder, releaseProject, resolveProjectOption, setText, type TypedProject } from './project.js';

export interface WeakRegistryOptions {
  /** `--project`: the tsconfig to load (absolute or relative to the working directory); null finds the nearest one per file. */
  project: string | null;
}

/** The paired rules' default options: the codemod fixes exactly what the rules report by default. */

export const weakRegistryCodemod: Codemod<WeakRegistryOptions> = {
  name: 'weak-registry',
  description: 'Moves never-pruned registries and retained back-references to WeakMap/WeakSet, WeakRegistry, pruning on close or WeakRef, rewriting use sites across files (type-checked)',
  pairedRules: ['no-retained-back-reference', 'no-unpruned-registry'],
  options: [
    {
      name: 'project',
      type: 'string',
      valueName: '<tsconfig>',
      description: 'The tsconfig.json (or its folder) that defines the project; default: the nearest tsconfig.json above each file',
    },
  ],
  parseOptions(raw) {
    const project = raw['project'];
    if (project === true || project === '') throw new UsageError('--project needs a path to a tsconfig.json or its folder');
    return { project: typeof project === 'string' ? project : null };
  },
  transform(file, context) {
    // The engine calls transformProject; this keeps single-file callers working (the file alone is the project).
    const result = transformWeakRegistry([file], {
      options: context.options,
      cwd: process.cwd(),
      runtime: { kind: 'module', specifier: context.runtimeSpecifier },
      runtimeSpecifier: () => context.runtimeSpecifier,
      runtimeImport: (_file, names) => context.runtimeImport(names),
      ...(context.rules ? { rulesFor: () => context.rules! } : {}),
    });
    return result.get(file.path) ?? { manualReview: [] };
  },
  transformProject: (files, context) => transformWeakRegistry(files, context),
};

interface FileFindings {
  readonly file: ParsedFile;
  readonly registries: UnprunedRegistryFinding[];
  readonly backReferences: RetainedBackReferenceFinding[];
}

/**
 * Analyse first, edit second: the detectors run over every file (cheap, no
 * types); only when something is found is the TypeScript project loaded, each
 * finding turned into a change set (plain offsets, its ts-morph nodes
 * forgotten), the change sets applied in memory and the files they affect
 * type-checked (after the edits, and before them only when errors remain:
 * see typeCheck). When the errors grow, the change sets are retried one at a
 * time and those that add errors are dropped and reported.
 */
export function transformWeakRegistry(files: readonly ParsedFile[], context: ProjectTransformContext<WeakRegistryOptions>): Map<string, TransformResult> {
  const results = new Map<string, TransformResult>();
  const review = (path: string): ManualReviewItem[] => {
    let entry = results.get(path);
    if (!entry) results.set(path, (entry = { manualReview: [] }));
    return entry.manualReview;
  };
  const byPath = new Map(files.map((file) => [file.path, file]));
  const noteAt = (note: Note): void => {
    const file = byPath.get(note.path);
    if (!file) return;
    const { line, column } = positionAt(file.text, note.offset);
    const list = review(note.path);
    if (!list.some((item) => item.line === line && item.column === column && item.message === note.message)) list.push({ line, column, message: note.message });
  };

  const found: FileFindings[] = [];
  for (const file of files) {
    // Both detectors in one traversal: on a large tree with few findings, this pass is most of the run.
    // The paired rules with the options the project's ESLint config gives them in this file; a rule turned off fixes nothing.
    const rules = context.rulesFor?.(file) ?? {};
    const registryRule = rules['no-unpruned-registry'];
    const backReferenceRule = rules['no-retained-back-reference'];
    const registryDetector = registryRule === null ? null : createUnprunedRegistryDetector(file, registryDetectorOptions(registryRule ?? {}));
    const backReferenceDetector = backReferenceRule === null ? null : createRetainedBackReferenceDetector(file, backReferenceDetectorOptions(backReferenceRule ?? {}));
    walk(file.ast, mergeVisitors(registryDetector?.visitors ?? {}, backReferenceDetector?.visitors ?? {}));
    const registries = registryDetector?.finish() ?? [];
    const backReferences = backReferenceDetector?.finish() ?? [];
    if (registries.length > 0 || backReferences.length > 0) found.push({ file, registries, backReferences });
  }
  if (found.length === 0) return results;

  // One project per tsconfig; the run's files under it are loaded with the text the engine read.
  const configOf = (path: string): string | null => (context.options.project ? resolveProjectOption(context.cwd, context.options.project) : nearestTsconfig(dirname(path)));
  const groups = new Map<string | null, FileFindings[]>();
  for (const entry of found) {
    const key = configOf(entry.file.path);
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  const runtimeFile = context.runtime.kind === 'file' ? context.runtime.path : null;
  const texts = new Map(files.map((file) => [file.path, file.text]));
  for (const [tsconfig, entries] of groups) {
    const members = files.filter((file) => configOf(file.path) === tsconfig);
    let typed: TypedProject;
    try {
      typed = loadProject(
        tsconfig,
        members,
        entries.map((entry) => entry.file.path),
        texts,
        runtimeFile,
      );
    } catch (error) {
      for (const entry of entries) {
        for (const finding of [...entry.registries, ...entry.backReferences]) {
          noteAt({ path: entry.file.path, offset: finding.node.range[0], message: `cannot load the TypeScript project (${error instanceof Error ? error.message : String(error)}): fix by hand or pass --project` });
        }
      }
      continue;
    }
    let accepted: ChangeSet[];
    try {
      accepted = typeCheck(typed, analyze(typed, entries, byPath, context, noteAt), byPath, context, noteAt);
    } finally {
      releaseProject(typed);
    }
    for (const change of accepted) for (const note of change.notes) noteAt(note);
    for (const [path, text] of render(accepted, byPath, context, true)) {
      const entry = results.get(path) ?? { manualReview: [] };
      results.set(path, { ...entry, output: text });
    }
  }
  return results;
}

function analyze(
  { project, scope }: TypedProject,
  entries: readonly FileFindings[],
  byPath: ReadonlyMap<string, ParsedFile>,
  context: ProjectTransformContext<WeakRegistryOptions>,
  noteAt: (note: Note) => void,
): ChangeSet[] {
  const changes: ChangeSet[] = [];
  const describe = (node: Node): string => {
    const path = node.getSourceFile().getFilePath();
    return `${toPosix(relative(context.cwd, path))}:${node.getStartLineNumber()}`;
  };
  const keys = new Set<string>();
  const finder = new ReferenceFinder(project, scope);
  const references = (node: Node): Node[] => finder.find(node);
  const take = (change: ChangeSet): void => {
    // Two findings can fight over one range (a registry and a back-reference in one call): the first wins, a re-run does the rest.
    for (const other of changes) {
      for (const [path, edits] of change.edits) {
        const otherEdits = other.edits.get(path);
        if (otherEdits && overlaps(edits, otherEdits)) {
          noteAt({ ...change.anchor, message: `${change.title}: overlaps ${other.title}; run the codemod again to apply it` });
          return;
        }
      }
    }
    changes.push(change);
  };
  for (const { file, registries, backReferences } of entries) {
    const sourceFile = project.getSourceFile(file.path);
    if (!sourceFile) continue;
    project.forgetNodesCreatedInBlock(() => {
      for (const finding of registries) {
        const outcome = analyzeRegistry(finding, {
          file,
          sourceFile,
          describe,
          references,
          runtimeLocal: (name) => addImport(file, { source: context.runtimeSpecifier(file.path), names: [name] }).locals[name] ?? name,
        });
        if (outcome.kind === 'fix') take(outcome.change);
        else noteAt(outcome.note);
      }
      for (const finding of backReferences) {
        const { outcome, key } = analyzeBackReference(finding, {
          file,
          sourceFile,
          describe,
          references,
          inRun: (path) => byPath.has(path),
          semicolons: (path) => byPath.get(path)?.style.semicolons ?? true,
        });
        if (outcome.kind === 'refuse') noteAt(outcome.note);
        else if (key === null || !keys.has(key)) take(outcome.change);
        if (key !== null) keys.add(key);
      }
    });
  }
  return changes;
}

/** The changed texts for a set of change sets; `final` adds the runtime imports through the engine (which then vendors the runtime). */
function render(changes: readonly ChangeSet[], byPath: ReadonlyMap<string, ParsedFile>, context: ProjectTransformContext<WeakRegistryOptions>, final: boolean): Map<string, string> {
  const edits = new Map<string, TextEdit[]>();
  const names = new Map<string, string[]>();
  for (const change of changes) {
    for (const [path, list] of change.edits) edits.set(path, [...(edits.get(path) ?? []), ...list]);
    for (const [path, list] of change.runtimeNames) names.set(path, [...new Set([...(names.get(path) ?? []), ...list])]);
  }
  const output = new Map<string, string>();
  for (const [path, list] of edits) {
    const file = byPath.get(path);
    if (!file) continue;
    const wanted = names.get(path) ?? [];
    const importEdit = wanted.length === 0 ? null : final ? context.runtimeImport(file, wanted).edit : addImport(file, { source: context.runtimeSpecifier(path), names: wanted }).edit;
    output.set(path, applyEdits(file.text, [importEdit, ...list]));
  }
  return output;
}

/**
 * Applies the change sets in memory and keeps those that do not add type
 * errors, checking as little as that takes. Only the files that changed and
 * their importers (the scope) can gain errors. The scope is checked AFTER the
 * edits first: with no errors there, the count cannot have grown, and the
 * original program is never checked (the usual case). Otherwise the original
 * texts go back and the BEFORE count is taken, first over just the files that
 * have errors after (a lower bound of the baseline, often enough to accept
 * everything), then over the rest of the scope. Only when the errors grew are
 * the change sets retried one at a time, each checking just the files it
 * affects and re-parsing just the files whose text moved.
 */
function typeCheck(
  { project, scope: loaded }: TypedProject,
  changes: readonly ChangeSet[],
  byPath: ReadonlyMap<string, ParsedFile>,
  context: ProjectTransformContext<WeakRegistryOptions>,
  noteAt: (note: Note) => void,
): ChangeSet[] {
  if (changes.length === 0) return [];
  const changed = new Set(changes.flatMap((change) => [...change.edits.keys()]));
  // Every importer of a changed file must be in the program to be checked.
  loaded.ensure(changed);
  const scope = affectedFiles(project, changed);
  const shown = new Map<string, string>();
  const show = (sets: readonly ChangeSet[]): void => {
    const texts = render(sets, byPath, context, false);
    for (const path of new Set([...shown.keys(), ...texts.keys()])) {
      const original = byPath.get(path)!.text;
      const wanted = texts.get(path) ?? original;
      if ((shown.get(path) ?? original) === wanted) continue;
      setText(project, path, wanted);
      shown.set(path, wanted);
    }
  };

  show(changes);
  const after = errorCounts(project, scope);
  const afterTotal = sum(after.values());
  if (afterTotal === 0) return [...changes];

  show([]);
  const before = errorCounts(project, [...after.keys()].filter((path) => after.get(path)! > 0));
  if (afterTotal <= sum(before.values())) return [...changes];
  for (const [path, count] of errorCounts(project, [...scope].filter((path) => !before.has(path)))) before.set(path, count);
  const baseline = sum(before.values());
  if (afterTotal <= baseline) return [...changes];

  // `counts` holds the per-file errors of the accepted change sets; a trial moves only the files its change set affects.
  const counts = new Map(before);
  let total = baseline;
  const accepted: ChangeSet[] = [];
  for (const change of changes) {
    show([...accepted, change]);
    const local = [...affectedFiles(project, change.edits.keys())].filter((path) => scope.has(path));
    const trial = errorCounts(project, local);
    const next = total - sum(local.map((path) => counts.get(path) ?? 0)) + sum(trial.values());
    if (next <= baseline) {
      accepted.push(change);
      for (const [path, count] of trial) counts.set(path, count);
      total = next;
      continue;
    }
    const first = firstError(project, change.edits.keys()) ?? firstError(project, local);
    const where = first ? ` (e.g. ${toPosix(relative(context.cwd, first.path))}:${first.line}: ${first.message})` : '';
    noteAt({ ...change.anchor, message: `${change.title} not applied: it would add ${next - baseline} type error(s)${where}; fix by hand` });
  }
  return accepted;
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
