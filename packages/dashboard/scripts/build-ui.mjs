#!/usr/bin/env node
/**
 * Builds the browser app into dist/: content-hashed JS and CSS under
 * dist/assets/ (plus .gz siblings), dist/index.html referencing them, and
 * dist/manifest.json listing what the first page load downloads (read by the
 * bundle-size test).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
mkdirSync(path.join(dist, 'assets'), { recursive: true });

const common = {
  bundle: true,
  // AGL_DASHBOARD_MINIFY=0 keeps names readable in browser profiles.
  minify: process.env.AGL_DASHBOARD_MINIFY !== '0',
  sourcemap: false,
  target: ['es2022', 'chrome110', 'firefox115', 'safari16'],
  outdir: path.join(dist, 'assets'),
  entryNames: '[name]-[hash]',
  chunkNames: 'chunk-[hash]',
  assetNames: '[name]-[hash]',
  metafile: true,
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
  jsx: 'automatic',
  jsxImportSource: 'preact',
};

// The spans worker first: the app refers to its hashed file name (same folder as the app's chunks).
const worker = await build({
  ...common,
  entryPoints: { 'spans-worker': path.join(root, 'src/ui/worker/spans-worker.ts') },
  format: 'iife',
});
const workerFile = Object.keys(worker.metafile.outputs).find((f) => f.endsWith('.js'));
const app = await build({
  ...common,
  entryPoints: { app: path.join(root, 'src/ui/main.tsx') },
  format: 'esm',
  splitting: true,
  define: {
    ...common.define,
    __AGL_SPANS_WORKER__: JSON.stringify(`./${path.basename(workerFile)}`),
  },
});
const theme = await build({
  ...common,
  entryPoints: { theme: path.join(root, 'src/ui/theme.ts') },
  format: 'iife',
});

const rel = (file) => path.relative(dist, path.resolve(root, file)).split(path.sep).join('/');
const outputs = { ...app.metafile.outputs, ...theme.metafile.outputs, ...worker.metafile.outputs };
let entryJs = '';
let entryCss = '';
let themeJs = '';
for (const [file, info] of Object.entries(outputs)) {
  if (info.entryPoint?.endsWith('main.tsx') && file.endsWith('.js')) {
    entryJs = rel(file);
    if (info.cssBundle) entryCss = rel(info.cssBundle);
  }
  if (info.entryPoint?.endsWith('theme.ts')) themeJs = rel(file);
}
// The initial download: the entry, its static imports (transitively) and its CSS.
const initial = new Set([entryJs, entryCss, themeJs]);
const walk = (file) => {
  const info = outputs[path.relative(root, path.join(dist, file))] ?? outputs[`dist/${file}`];
  for (const dep of info?.imports ?? []) {
    if (dep.kind !== 'import-statement') continue;
    const name = rel(dep.path);
    if (!initial.has(name)) {
      initial.add(name);
      walk(name);
    }
  }
};
walk(entryJs);

const tags = [
  `<script src="${themeJs}"></script>`,
  `<link rel="stylesheet" href="${entryCss}">`,
  `<script type="module" src="${entryJs}"></script>`,
].join('\n');
const html = readFileSync(path.join(root, 'src/ui/index.html'), 'utf8').replace(
  '<!--assets-->',
  tags,
);
writeFileSync(path.join(dist, 'index.html'), html);

const sizes = {};
for (const file of Object.keys(outputs)) {
  const name = rel(file);
  const body = readFileSync(path.join(dist, name));
  const gz = gzipSync(body, { level: 9 });
  writeFileSync(path.join(dist, `${name}.gz`), gz);
  sizes[name] = { bytes: body.length, gzip: gz.length };
}
writeFileSync(
  path.join(dist, 'manifest.json'),
  `${JSON.stringify({ initial: [...initial].filter(Boolean), files: sizes }, null, 2)}\n`,
);
const initialGzip = [...initial].filter(Boolean).reduce((sum, f) => sum + (sizes[f]?.gzip ?? 0), 0);
console.log(
  `dashboard built: ${Object.keys(sizes).length} files, initial ${(initialGzip / 1024).toFixed(1)} KB gzip`,
);
