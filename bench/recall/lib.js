// The recall benchmark's engine (see run.js and README.md): reads a case's file at the buggy and
// the fixed commit from a local git copy, lints both with every Lifeguard rule on, and compares.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as tsParser from '@typescript-eslint/parser';
import { diffLines } from 'diff';
import { Linter } from 'eslint';

/** Where repositories are read from, and where missing ones are cloned to. */
export const defaultRoots = () => ({
  mirrorRoot: process.env.LIFEGUARD_RECALL_MIRRORS ?? '/work/.mirror',
  cacheRoot: process.env.LIFEGUARD_RECALL_CACHE ?? join(homedir(), '.cache', 'lifeguard-recall'),
});

/** Every rule at `error`, with configs.recommended's own entries (and options) where it has one. */
export function allRules(lifeguard) {
  const rules = Object.fromEntries(Object.keys(lifeguard.rules).map((name) => [`lifeguard/${name}`, 'error']));
  return { ...rules, ...lifeguard.configs.recommended.rules };
}

export function gitDirectory(repo, { mirrorRoot, cacheRoot } = defaultRoots()) {
  const [owner, name] = repo.split('/');
  for (const candidate of [join(mirrorRoot, `${owner}+${name}`, 'repo'), join(mirrorRoot, `${owner}+${name}`)]) {
    if (existsSync(join(candidate, 'HEAD'))) return candidate;
  }
  const cached = join(cacheRoot, `${owner}+${name}.git`);
  if (!existsSync(join(cached, 'HEAD'))) {
    mkdirSync(cacheRoot, { recursive: true });
    execFileSync('git', ['clone', '--quiet', '--bare', '--filter=blob:none', `https://github.com/${repo}.git`, cached], { stdio: 'inherit' });
  }
  return cached;
}

function show(gitDir, commit, path) {
  return execFileSync('git', ['--git-dir', gitDir, 'show', `${commit}:${path}`], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** The flat config for one file: typescript-eslint's parser for every file (it reads JS too), JSX where the extension says so. */
function configFor(path, lifeguard) {
  const jsx = /\.(jsx|tsx)$/.test(path) || /\.js$/.test(path);
  const sourceType = /\.cjs$/.test(path) ? 'commonjs' : 'module';
  return [
    {
      // Named extensions: a pattern ending in `*` matches only files another config object matches, so `**/*` alone skips .ts.
      files: ['**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}'],
      languageOptions: { parser: tsParser, sourceType, ecmaVersion: 'latest', parserOptions: { ecmaFeatures: { jsx } } },
      linterOptions: { reportUnusedDisableDirectives: 'off' },
      plugins: { lifeguard },
      rules: allRules(lifeguard),
    },
  ];
}

export function lint(code, path, lifeguard) {
  const linter = new Linter({ configType: 'flat' });
  let messages = linter.verify(code, configFor(path, lifeguard), { filename: path });
  // A .js file that is not JSX (a `<` comparison read as a tag) parses without the JSX flag.
  if (messages.some((message) => message.fatal) && /\.js$/.test(path)) {
    const config = configFor(path, lifeguard);
    config[0].languageOptions.parserOptions.ecmaFeatures.jsx = false;
    messages = linter.verify(code, config, { filename: path });
  }
  // A file no config entry matches is not linted at all: a harness error, not a miss.
  const unmatched = messages.find((message) => !message.ruleId && /No matching configuration/.test(message.message));
  if (unmatched) throw new Error(`${path}: ${unmatched.message}`);
  // Only a parse failure counts; ESLint's notices without a rule (old `/* eslint-env */` comments) do not.
  const fatal = messages.find((message) => message.fatal && /^Parsing error/.test(message.message));
  return { fatal: fatal ? `${fatal.line}:${fatal.column} ${fatal.message}` : null, findings: messages.filter((message) => message.ruleId) };
}

/**
 * Maps a line range of the buggy version onto the fixed version: unchanged lines map one to one,
 * a changed line maps to the whole replacement block (or the line where the block was removed).
 */
export function mapRange(before, after, [start, end]) {
  const lines = (part) => part.count ?? part.value.split('\n').length - 1;
  const oldToNew = [];
  const parts = diffLines(before, after);
  let oldLine = 1;
  let newLine = 1;
  for (let index = 0; index < parts.length; index += 1) {
    const part = parts[index];
    const count = lines(part);
    if (part.removed) {
      const next = parts[index + 1];
      const added = next?.added ? lines(next) : 0;
      for (let offset = 0; offset < count; offset += 1) oldToNew[oldLine + offset] = [newLine, Math.max(newLine, newLine + added - 1)];
      oldLine += count;
    } else if (part.added) {
      newLine += count;
    } else {
      for (let offset = 0; offset < count; offset += 1) oldToNew[oldLine + offset] = [newLine + offset, newLine + offset];
      oldLine += count;
      newLine += count;
    }
  }
  const first = oldToNew[start] ?? [newLine, newLine];
  const last = oldToNew[end] ?? first;
  return [Math.min(first[0], last[0]), Math.max(first[1], last[1])];
}

/** Lints both versions of one case's file and tells whether the expected finding is there before the fix and gone after it. */
export function runCase(entry, lifeguard, roots = defaultRoots()) {
  const gitDir = gitDirectory(entry.repo, roots);
  const rules = [entry.rule, ...(entry.alsoAccepted ?? [])];
  const buggyCode = show(gitDir, entry.buggyCommit, entry.file);
  const fixedPath = entry.fixedFile ?? entry.file;
  const fixedCode = show(gitDir, entry.fixedCommit, fixedPath);
  const buggy = lint(buggyCode, entry.file, lifeguard);
  const fixed = lint(fixedCode, fixedPath, lifeguard);
  const [start, end] = entry.bugLines;
  // `mentions`: the finding must name one of these (an event, a field), so that a finding for another reason does not count.
  const names = (message) => !entry.mentions || entry.mentions.some((text) => message.message.includes(`'${text}'`));
  const onBug = buggy.findings.filter((message) => rules.includes(message.ruleId) && message.line >= start && message.line <= end && names(message));
  const detected = onBug.length > 0;
  const fixedRange = mapRange(buggyCode, fixedCode, [start, end]);
  const stillThere = fixed.findings.filter(
    (message) => rules.includes(message.ruleId) && message.line >= fixedRange[0] && message.line <= fixedRange[1] && names(message),
  );
  const elsewhere = buggy.findings.filter((message) => rules.includes(message.ruleId) && !(message.line >= start && message.line <= end));
  return {
    id: entry.id,
    repo: entry.repo,
    category: entry.category,
    rule: entry.rule,
    singleFile: entry.singleFile,
    detected,
    gone: detected && stillThere.length === 0,
    fatal: buggy.fatal ?? fixed.fatal,
    findingsOnBug: onBug.map((message) => `${message.line}:${message.column} ${message.ruleId} ${message.message}`),
    findingsAfterFix: stillThere.map((message) => `${message.line}:${message.column} ${message.ruleId} ${message.message}`),
    expectedRuleElsewhere: elsewhere.length,
    fixedRange,
  };
}

const ratio = (part, whole) => ({ count: part, of: whole, percent: whole === 0 ? null : Math.round((part / whole) * 1000) / 10 });

export function summarise(results) {
  const detected = results.filter((result) => result.detected);
  const single = results.filter((result) => result.singleFile);
  const totals = {
    detected: ratio(detected.length, results.length),
    detectedSingleFile: ratio(single.filter((result) => result.detected).length, single.length),
    goneOfDetected: ratio(detected.filter((result) => result.gone).length, detected.length),
    fatal: results.filter((result) => result.fatal).length,
  };
  const byCategory = {};
  for (const result of results) {
    const row = (byCategory[result.category] ??= { cases: 0, singleFile: 0, detected: 0, detectedSingleFile: 0, gone: 0 });
    row.cases += 1;
    if (result.singleFile) row.singleFile += 1;
    if (result.detected) row.detected += 1;
    if (result.detected && result.singleFile) row.detectedSingleFile += 1;
    if (result.gone) row.gone += 1;
  }
  return { totals, byCategory };
}

