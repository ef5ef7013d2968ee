#!/usr/bin/env node
/**
 * Keeps every package's public surface a reviewed decision.
 *
 * For every package under packages/ and apps/ that is not private, each entry
 * point of its `exports` map (the `@agl/source` file) is loaded with the
 * TypeScript compiler and its exported names are listed, `type ` marking
 * names that exist only as types. The lists are committed in `api/<package>.txt`
 * (one `## <entry point>` section per entry point); the check fails when a
 * list differs from what the sources export.
 *
 * Usage: node scripts/check-exports.mjs [--update] [--counts]
 *   --update  rewrites the committed lists from the sources
 *   --counts  prints each entry point's number of exported names
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const apiDir = path.join(root, 'api');
const update = process.argv.includes('--update');
const counts = process.argv.includes('--counts');

function packageDirs() {
  return ['packages', 'apps']
    .flatMap((group) => {
      const base = path.join(root, group);
      return existsSync(base) ? readdirSync(base).map((name) => path.join(base, name)) : [];
    })
    .filter((dir) => existsSync(path.join(dir, 'package.json')))
    .sort();
}

function entries(dir) {
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  if (pkg.private) return { name: pkg.name, list: [] };
  const list = Object.entries(pkg.exports ?? {})
    .map(([subpath, target]) => ({
      subpath,
      file: typeof target === 'object' && target ? target['@agl/source'] : undefined,
    }))
    .filter((entry) => typeof entry.file === 'string')
    .map((entry) => ({ subpath: entry.subpath, file: path.join(dir, entry.file) }));
  return { name: pkg.name, list };
}

// One program for every entry point: the packages share one base config and
// resolve each other through the `@agl/source` condition, so this equals
// compiling each package alone, in a fraction of the time.
let shared;
function sharedChecker(files) {
  if (shared) return shared;
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(root, 'packages', 'store-core', 'tsconfig.json'),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  );
  const program = ts.createProgram(files, { ...config.options, noEmit: true });
  shared = { program, checker: program.getTypeChecker() };
  return shared;
}

function listPackage(dir, allFiles) {
  const { name, list } = entries(dir);
  if (list.length === 0) return undefined;
  const { program, checker } = sharedChecker(allFiles);
  const sections = list.map(({ subpath, file }) => {
    const source = program.getSourceFile(file);
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!moduleSymbol) throw new Error(`check-exports: cannot load ${path.relative(root, file)}`);
    const names = checker.getExportsOfModule(moduleSymbol).map((exported) => {
      const symbol =
        exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const isValue = (symbol.flags & ts.SymbolFlags.Value) !== 0;
      return `${isValue ? '' : 'type '}${exported.getName()}`;
    });
    names.sort((a, b) => a.replace(/^type /, '').localeCompare(b.replace(/^type /, '')));
    return { subpath, names };
  });
  return { name, sections };
}

function render({ name, sections }) {
  const body = sections.map((s) => [`## ${s.subpath}`, ...s.names].join('\n')).join('\n\n');
  return `# Exported names of ${name}, by entry point (node scripts/check-exports.mjs --update)\n\n${body}\n`;
}

let failures = 0;
const expected = new Set();
const dirs = packageDirs();
const allFiles = dirs.flatMap((dir) => entries(dir).list.map((entry) => entry.file));
for (const dir of dirs) {
  const listed = listPackage(dir, allFiles);
  if (!listed) continue;
  const file = path.join(apiDir, `${listed.name.replace(/^@/, '').replace('/', '__')}.txt`);
  expected.add(file);
  if (counts)
    for (const s of listed.sections)
      console.log(`${listed.name}${s.subpath.slice(1)}\t${s.names.length}`);
  const text = render(listed);
  if (update) {
    mkdirSync(apiDir, { recursive: true });
    writeFileSync(file, text);
    continue;
  }
  const committed = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (committed === text) continue;
  failures += 1;
  const rel = path.relative(root, file);
  if (committed === undefined) {
    console.error(`${listed.name}: no committed list ${rel}`);
    continue;
  }
  const before = new Set(committed.split('\n'));
  const after = new Set(text.split('\n'));
  console.error(`${listed.name}: exports differ from ${rel}`);
  for (const line of after) if (!before.has(line)) console.error(`  + ${line}`);
  for (const line of before) if (!after.has(line)) console.error(`  - ${line}`);
}
if (existsSync(apiDir))
  for (const name of readdirSync(apiDir)) {
    const file = path.join(apiDir, name);
    if (name.endsWith('.txt') && !expected.has(file)) {
      if (update) continue;
      failures += 1;
      console.error(`${path.relative(root, file)}: no package has these entry points any more`);
    }
  }
if (failures > 0) {
  console.error(
    '\ncheck-exports: the public surface changed. If that is intended, run\n' +
      '  node scripts/check-exports.mjs --update\nand commit the lists under api/.',
  );
  process.exit(1);
}
if (!update && !counts) console.log('check-exports: every entry point exports its committed list.');
