#!/usr/bin/env node
/**
 * Fails when a tracked source, test or documentation file cites something a
 * reader of this repository cannot open: a Markdown document that is not in
 * the repository (`<name>.md 3.2`), a section sign, a line of a Python file
 * that is not here (`<file>.py:120`), a numbered item of an outside checklist
 * or list of pitfalls, or an authoring leftover tag.
 *
 * A comment should give the reason itself; when a longer explanation exists,
 * it links to a file under docs/ or spec/ (those names resolve, so they pass).
 *
 * Usage: node scripts/check-citations.mjs [file ...]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const self = path.relative(root, fileURLToPath(import.meta.url));

/** Files that are recorded data, not prose written here. */
const skipped = [/^pnpm-lock\.yaml$/, /^spec\/fixtures\//, /^spec\/store-openapi\.json$/];
const checkedExtensions = /\.(?:[cm]?[jt]sx?|md|json|py|ya?ml|sql)$/;

const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
  .split('\0')
  .filter(Boolean);
const trackedNames = new Set(tracked.map((file) => path.posix.basename(file)));

/** Tags left over from writing the code against an outside document. */
const leftover = ['DEVIA', 'TION'].join('');
const preExisting = ['(pre', '-existing)'].join('');

/**
 * The dangling citations in one line of text.
 *
 * @param line - the line
 * @returns a description of each problem found
 */
function problems(line) {
  const found = [];
  for (const match of line.matchAll(/(?<![\w/.-])([\w.-]+\.md)\b/g)) {
    if (!trackedNames.has(match[1]))
      found.push(`cites ${match[1]}, which is not in the repository`);
  }
  if (line.includes('\u00a7')) found.push('uses a section sign (cite a file in the repository)');
  for (const match of line.matchAll(/(?<![\w/.-])([\w/.-]+\.py):\d+/g)) {
    found.push(`cites a line of ${match[1]} (say the reason instead)`);
  }
  for (const match of line.matchAll(/\b(?:checklist|pitfall)s? [A-Z]?\d+/gi)) {
    found.push(`cites "${match[0]}" of an outside list`);
  }
  for (const match of line.matchAll(/(?<=[(,;] ?)[PLD]\d{1,2}(?=[),;]|\.\s*\||\.$)/g)) {
    found.push(`cites item ${match[0]} of an outside list`);
  }
  if (line.includes(leftover)) found.push(`has an authoring tag ${leftover}`);
  if (line.includes(preExisting)) found.push(`has an authoring note ${preExisting}`);
  return found;
}

const args = process.argv.slice(2);
const files = (
  args.length > 0 ? args.map((file) => path.relative(root, path.resolve(file))) : tracked
).filter(
  (file) =>
    file !== self && checkedExtensions.test(file) && !skipped.some((pattern) => pattern.test(file)),
);

let failures = 0;
for (const file of files) {
  const full = path.join(root, file);
  if (!existsSync(full)) continue;
  const lines = readFileSync(full, 'utf8').split('\n');
  lines.forEach((line, index) => {
    for (const problem of problems(line)) {
      failures += 1;
      console.error(`${file}:${index + 1}: ${problem}`);
    }
  });
}

if (failures > 0) {
  console.error(
    `\n${failures} dangling citation(s): give the reason in the text, or link a file of this repository.`,
  );
  process.exit(1);
}
console.log(`check-citations: ${files.length} files, no dangling citations`);
