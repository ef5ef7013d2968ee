#!/usr/bin/env node
/**
 * Keeps each package README's API section in step with what the package exports.
 *
 * For every package with a committed `api/<package>.txt` (written by
 * check-exports.mjs from the entry points), the README is read with these rules:
 *
 * - **API sections** are the level-2 sections (`## ...`, with all their
 *   subsections) whose heading starts with `API` (`## API`,
 *   `## API: tracing and adapters`) or names one of the package's entry points
 *   in backticks (`` ## Contract suite (`@agl/store-core/testing`) ``).
 *   Fenced code blocks do not count.
 * - **Documented**: every exported name must appear as a whole word inside an
 *   inline code span of an API section (`` `makeSpan(rolloutId, init?)` ``
 *   documents `makeSpan`). A span like `` `Query{Rollouts,Spans}Schema` `` is
 *   expanded to `QueryRolloutsSchema` and `QuerySpansSchema`.
 * - **Presented as exports**: in API-section tables whose first header cell is
 *   `export` or `schema`, the code spans of the columns headed `export`,
 *   `schema` or `type`, and the code spans of API-section headings, name
 *   exports by the identifier they start with (after an optional `new `).
 *   Each such name must be exported by one of the package's entry points.
 *   Spans that start with `@`, a quote or a non-identifier are ignored.
 *
 * Usage: node scripts/check-readme-api.mjs
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const apiDir = path.join(root, 'api');

/** Package name → directory, for every workspace package. */
function packageDirs() {
  const dirs = new Map();
  for (const group of ['packages', 'apps']) {
    const base = path.join(root, group);
    if (!existsSync(base)) continue;
    for (const name of readdirSync(base)) {
      const file = path.join(base, name, 'package.json');
      if (existsSync(file))
        dirs.set(JSON.parse(readFileSync(file, 'utf8')).name, path.dirname(file));
    }
  }
  return dirs;
}

/** The committed list: package name, entry points, every exported name. */
function readApiList(file) {
  const text = readFileSync(file, 'utf8');
  const name = /^# Exported names of (\S+),/m.exec(text)?.[1];
  const subpaths = [];
  const names = new Set();
  for (const line of text.split('\n')) {
    if (line.startsWith('## ')) subpaths.push(line.slice(3).trim());
    else if (line.trim() !== '' && !line.startsWith('#'))
      names.add(line.replace(/^type /, '').trim());
  }
  return { name, subpaths, names };
}

/** `A{B,C}D` → `ABD`, `ACD` (nested braces expand too). */
function expandBraces(text) {
  const match = /\{([^{}]*,[^{}]*)\}/.exec(text);
  if (!match) return [text];
  const before = text.slice(0, match.index);
  const after = text.slice(match.index + match[0].length);
  return match[1].split(',').flatMap((part) => expandBraces(`${before}${part.trim()}${after}`));
}

const codeSpans = (line) => [...line.matchAll(/`([^`]+)`/g)].map((m) => m[1]);

/** The identifier a code span starts with, if it presents a name. */
function leadingName(span) {
  const match = /^(?:new\s+)?([A-Za-z_$][\w$]*)/.exec(span.trim());
  return match?.[1];
}

/** Table cells, split on `|` outside code spans. */
function cells(line) {
  const out = [];
  let cell = '';
  let inCode = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (char === '`') inCode = !inCode;
    if (char === '|' && !inCode && line[i - 1] !== '\\') {
      out.push(cell.trim());
      cell = '';
    } else cell += char;
  }
  out.push(cell.trim());
  return out.slice(1, -1);
}

/** The API sections of a README: their lines outside fenced code, with line numbers. */
function apiLines(readme, packageName, subpaths) {
  const entryPoints = subpaths.map((sub) =>
    sub === '.' ? packageName : `${packageName}${sub.slice(1)}`,
  );
  const lines = readme.split('\n');
  const out = [];
  let inApi = false;
  let fenced = false;
  lines.forEach((line, index) => {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      return;
    }
    if (fenced) return;
    if (/^## /.test(line)) {
      const heading = line.slice(3).trim();
      inApi =
        /^API\b/.test(heading) ||
        codeSpans(heading).some((span) => entryPoints.includes(span.trim()));
    }
    if (inApi) out.push({ line, number: index + 1 });
  });
  return out;
}

const PRESENTING_TABLES = new Set(['export', 'schema']);
const PRESENTING_COLUMNS = new Set(['export', 'schema', 'type']);

/** Names the API section presents as exports, with the line that presents each. */
function presentedNames(lines) {
  const presented = [];
  let columns = null;
  let previous = '';
  for (const { line, number } of lines) {
    const isRow = line.trimStart().startsWith('|');
    if (!isRow) columns = null;
    if (isRow && /^\s*\|[\s:|-]+\|\s*$/.test(line) && previous.trimStart().startsWith('|')) {
      const header = cells(previous).map((cell) => cell.toLowerCase());
      columns = PRESENTING_TABLES.has(header[0] ?? '')
        ? header.flatMap((cell, i) => (PRESENTING_COLUMNS.has(cell) ? [i] : []))
        : [];
    } else if (isRow && columns) {
      const row = cells(line);
      for (const i of columns) {
        for (const span of codeSpans(row[i] ?? '')) presented.push({ span, number });
      }
    } else if (/^#{2,6} /.test(line)) {
      for (const span of codeSpans(line)) presented.push({ span, number });
    }
    previous = line;
  }
  return presented.flatMap(({ span, number }) =>
    expandBraces(span)
      .map(leadingName)
      .filter((name) => name !== undefined)
      .map((name) => ({ name, number })),
  );
}

/** Every whole word inside the code spans of the API section (a span may wrap onto the next line). */
function documentedWords(lines) {
  const words = new Set();
  for (const span of codeSpans(lines.map(({ line }) => line).join('\n'))) {
    for (const text of expandBraces(span.replace(/\s+/g, ' '))) {
      for (const word of text.match(/[A-Za-z_$][\w$]*/g) ?? []) words.add(word);
    }
  }
  return words;
}

const dirs = packageDirs();
const problems = [];
for (const file of readdirSync(apiDir)
  .filter((name) => name.endsWith('.txt'))
  .sort()) {
  const { name, subpaths, names } = readApiList(path.join(apiDir, file));
  const dir = name && dirs.get(name);
  if (!dir) {
    problems.push(`api/${file}: no workspace package is named ${name}`);
    continue;
  }
  const readmePath = path.join(dir, 'README.md');
  const readme = path.relative(root, readmePath);
  if (!existsSync(readmePath)) {
    problems.push(`${readme}: missing (the package exports ${names.size} names)`);
    continue;
  }
  const lines = apiLines(readFileSync(readmePath, 'utf8'), name, subpaths);
  if (lines.length === 0) {
    problems.push(`${readme}: no API section (a "## API" heading)`);
    continue;
  }
  const words = documentedWords(lines);
  const missing = [...names].filter((exported) => !words.has(exported)).sort();
  if (missing.length > 0)
    problems.push(`${readme}: API section does not mention ${missing.join(', ')}`);
  for (const { name: shown, number } of presentedNames(lines)) {
    if (!names.has(shown))
      problems.push(
        `${readme}:${number}: \`${shown}\` is presented as an export but is not exported`,
      );
  }
}

if (problems.length > 0) {
  console.error(`check-readme-api: ${problems.length} problem(s)\n${problems.join('\n')}`);
  process.exit(1);
}
console.log('check-readme-api: every README API section matches its exports.');
