#!/usr/bin/env node
/**
 * Fails when a public export of a publishable package has no JSDoc comment.
 *
 * For every package under packages/ and apps/ that is not private, each entry
 * point of its `exports` map (the `@agl/source` file) is loaded with the
 * TypeScript compiler; every symbol the entry exports, and every public member
 * of an exported class or interface, must carry a `/** ... *\/` comment.
 *
 * Usage: node scripts/check-jsdoc.mjs [package-dir ...]
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function packageDirs() {
  const args = process.argv.slice(2);
  if (args.length > 0) return args.map((dir) => path.resolve(dir));
  return ['packages', 'apps']
    .flatMap((group) => {
      const base = path.join(root, group);
      return existsSync(base) ? readdirSync(base).map((name) => path.join(base, name)) : [];
    })
    .filter((dir) => existsSync(path.join(dir, 'package.json')));
}

function entryFiles(dir) {
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  if (pkg.private) return [];
  return Object.values(pkg.exports ?? {})
    .map((target) => (typeof target === 'object' && target ? target['@agl/source'] : undefined))
    .filter((file) => typeof file === 'string')
    .map((file) => path.join(dir, file));
}

function hasJsDoc(node) {
  let target = node;
  if (ts.isVariableDeclaration(target)) target = target.parent?.parent ?? target;
  const text = target.getSourceFile().getFullText();
  const ranges = ts.getLeadingCommentRanges(text, target.getFullStart()) ?? [];
  if (ranges.some((range) => text.slice(range.pos, range.pos + 3) === '/**')) return true;
  return ts.getJSDocCommentsAndTags(target).length > 0;
}

function isPublicMember(member) {
  const flags = ts.getCombinedModifierFlags(member);
  if (flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) return false;
  if (member.name && ts.isPrivateIdentifier(member.name)) return false;
  if (ts.isConstructorDeclaration(member)) return member.parameters.length > 0;
  if (ts.isClassStaticBlockDeclaration(member) || ts.isIndexSignatureDeclaration(member))
    return false;
  if (ts.isSemicolonClassElement(member)) return false;
  return true;
}

function describe(node) {
  const file = path.relative(root, node.getSourceFile().fileName);
  const { line } = node.getSourceFile().getLineAndCharacterOfPosition(node.getStart());
  return `${file}:${line + 1}`;
}

function checkPackage(dir) {
  const entries = entryFiles(dir);
  if (entries.length === 0) return [];
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(dir, 'tsconfig.json'),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  );
  const program = ts.createProgram(entries, { ...config.options, noEmit: true });
  const checker = program.getTypeChecker();
  const missing = [];
  const seen = new Set();
  for (const entry of entries) {
    const source = program.getSourceFile(entry);
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!moduleSymbol) continue;
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol =
        exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      for (const decl of symbol.getDeclarations() ?? []) {
        if (!decl.getSourceFile().fileName.startsWith(dir + path.sep)) continue;
        if (seen.has(decl)) continue;
        seen.add(decl);
        if (ts.isSourceFile(decl) || ts.isModuleDeclaration(decl)) continue;
        if (!hasJsDoc(decl)) missing.push(`${describe(decl)}  export ${exported.getName()}`);
        if (ts.isClassDeclaration(decl) || ts.isInterfaceDeclaration(decl)) {
          for (const member of decl.members) {
            if (!isPublicMember(member) || hasJsDoc(member)) continue;
            const name = member.name ? member.name.getText() : 'constructor';
            missing.push(`${describe(member)}  member ${exported.getName()}.${name}`);
          }
        }
      }
    }
  }
  return missing;
}

let failures = 0;
for (const dir of packageDirs()) {
  const missing = checkPackage(dir);
  if (missing.length === 0) continue;
  failures += missing.length;
  console.error(`${path.relative(root, dir)}: ${missing.length} public export(s) without JSDoc`);
  for (const line of missing) console.error(`  ${line}`);
}
if (failures > 0) {
  console.error(`\ncheck-jsdoc: ${failures} undocumented public export(s).`);
  process.exit(1);
}
console.log('check-jsdoc: every public export is documented.');
