// Recall on real bug fixes (a benchmark, not a test): `npm run recall [-- --json] [-- --case <id>]`.
// For each case in cases.json, reads the file at the buggy commit (the fix's parent) and at the
// fixed commit from a local git copy of the repository, lints both with every Lifeguard rule on
// (configs.recommended's entries plus every other rule at `error`), and reports:
//   detected   an expected rule reports a line within the case's bug lines in the buggy version;
//   gone       no finding of that rule is left in the fixed version on the bug lines (mapped
//              through the diff between the two versions) — counted among the detected cases.
// A case may list `mentions` (event or field names): a finding counts only when its message names one.
// Repositories are read from LIFEGUARD_RECALL_MIRRORS (default /work/.mirror), as
// <dir>/<owner>+<name>/repo or <dir>/<owner>+<name> (bare git directories); a repository found
// there is used as it is; otherwise it is cloned (blobless, bare) into LIFEGUARD_RECALL_CACHE
// (default ~/.cache/lifeguard-recall). Needs `npm run build` first (it lints with dist/, or the
// build given with --plugin <dist directory>). Flags: --json, --case <id> (repeatable), --quiet,
// --docs <file> (write the figures as the "Recall on real bug fixes" section of that file, e.g.
// docs/benchmarks.md, between <!-- recall:start --> and <!-- recall:end -->).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { runCase, summarise } from './lib.js';

const here = new URL('.', import.meta.url);
const { values } = parseArgs({
  options: { json: { type: 'boolean' }, case: { type: 'string', multiple: true }, quiet: { type: 'boolean' }, plugin: { type: 'string' }, docs: { type: 'string' } },
  strict: true,
});
// --plugin <dir>: measure another build (a dist/ directory) instead of this checkout's.
const pluginEntry = values.plugin ? pathToFileURL(join(resolve(values.plugin), 'src', 'index.js')) : new URL('../../dist/src/index.js', import.meta.url);
const { default: lifeguard } = await import(pluginEntry.href);

const cases = JSON.parse(readFileSync(new URL('cases.json', here), 'utf8')).cases;
const selected = values.case ? cases.filter((entry) => values.case.includes(entry.id)) : cases;
const results = [];
for (const entry of selected) {
  try {
    results.push(runCase(entry, lifeguard));
  } catch (error) {
    results.push({ id: entry.id, repo: entry.repo, category: entry.category, rule: entry.rule, singleFile: entry.singleFile, detected: false, gone: false, fatal: `could not read: ${error.message.split('\n')[0]}` });
  }
}
const summary = summarise(results);
const commit = (() => {
  if (values.plugin) return `the build in ${values.plugin}`;
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: new URL('../..', import.meta.url), encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
})();

if (values.json) {
  console.log(JSON.stringify({ lifeguard: { version: lifeguard.meta.version, commit }, summary, results }, null, 2));
} else {
  const mark = (value) => (value ? 'yes' : ' - ');
  console.log(`Recall on real bug fixes: ${results.length} cases, Lifeguard ${lifeguard.meta.version} at ${commit}\n`);
  console.log(['case'.padEnd(44), 'category'.padEnd(16), 'rule'.padEnd(26), '1-file', 'detected', 'gone'].join(' '));
  for (const result of results) {
    console.log(
      [result.id.padEnd(44), result.category.padEnd(16), result.rule.replace('lifeguard/', '').padEnd(26), mark(result.singleFile).padEnd(6), mark(result.detected).padEnd(8), result.detected ? mark(result.gone) : ''].join(' ') +
        (result.fatal ? `  (parse/read error: ${result.fatal})` : ''),
    );
    if (!values.quiet && result.findingsAfterFix?.length) console.log(`    still after the fix: ${result.findingsAfterFix.join(' | ')}`);
  }
  const { totals, byCategory } = summary;
  const show = (r) => `${r.count} / ${r.of}${r.percent === null ? '' : ` (${r.percent} %)`}`;
  console.log(`\ndetected / all:              ${show(totals.detected)}`);
  console.log(`detected / single-file:      ${show(totals.detectedSingleFile)}`);
  console.log(`gone after fix / detected:   ${show(totals.goneOfDetected)}`);
  if (totals.fatal) console.log(`cases with a parse or read error: ${totals.fatal}`);
  console.log('\nper category: cases, single-file, detected, detected single-file, gone');
  for (const [category, row] of Object.entries(byCategory).sort()) {
    console.log(`  ${category.padEnd(16)} ${row.cases}  ${row.singleFile}  ${row.detected}  ${row.detectedSingleFile}  ${row.gone}`);
  }
}

/** The "Recall on real bug fixes" section of docs/benchmarks.md. */
function renderSection() {
  const { totals, byCategory } = summary;
  const cell = (r) => `${r.count} / ${r.of}${r.percent === null ? '' : ` (${r.percent} %)`}`;
  const repos = new Set(results.map((result) => result.repo));
  const lines = [
    '<!-- recall:start -->',
    '## Recall on real bug fixes',
    '',
    `Measured with \`npm run recall\` on ${new Date().toISOString().slice(0, 10)}, Lifeguard ${lifeguard.meta.version} at commit ${commit}: ${results.length} leak and hang fixes from ${repos.size} public repositories (none of the repositories reserved for evaluation), one file each, pinned in \`bench/recall/cases.json\` (buggy commit = the fix's parent, the bug lines, the expected rule, and whether the bug is visible in that one file without types). Every Lifeguard rule is on. A case is *detected* when the expected rule reports within the bug lines of the buggy version, and *gone* when no such finding is left on those lines (mapped through the diff) in the fixed version. See \`bench/recall/README.md\`.`,
    '',
    '| Figure | Value |',
    '| --- | ---: |',
    `| Detected / all cases | ${cell(totals.detected)} |`,
    `| Detected / cases visible in one file | ${cell(totals.detectedSingleFile)} |`,
    `| Gone after the fix / detected | ${cell(totals.goneOfDetected)} |`,
    '',
    '| Category | Cases | Visible in one file | Detected | Detected (one file) | Gone after fix |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...Object.entries(byCategory)
      .sort()
      .map(([category, row]) => `| ${category} | ${row.cases} | ${row.singleFile} | ${row.detected} | ${row.detectedSingleFile} | ${row.gone} |`),
    '',
    '<details><summary>Per case</summary>',
    '',
    '| Case | Repository | Rule | One file | Detected | Gone |',
    '| --- | --- | --- | :---: | :---: | :---: |',
    ...results.map((result) => `| ${result.id} | ${result.repo} | ${result.rule.replace('lifeguard/', '')} | ${result.singleFile ? 'yes' : 'no'} | ${result.detected ? 'yes' : 'no'} | ${result.detected ? (result.gone ? 'yes' : 'no') : ''} |`),
    '',
    '</details>',
    '<!-- recall:end -->',
    '',
  ];
  return lines.join('\n');
}

if (values.docs) {
  const previous = existsSync(values.docs) ? readFileSync(values.docs, 'utf8') : '';
  const section = renderSection();
  const marker = /<!-- recall:start -->[\s\S]*<!-- recall:end -->\n?/;
  writeFileSync(values.docs, marker.test(previous) ? previous.replace(marker, section) : `${previous.trimEnd()}\n\n${section}`);
  console.error(`recall: wrote the section to ${values.docs}`);
}
