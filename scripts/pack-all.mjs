#!/usr/bin/env node
// Packs every publishable workspace package (not `private`) into one folder,
// the way a release would publish them: `pnpm pack` turns `workspace:*`
// dependencies into real versions. Run `pnpm build` first.
//
//   node scripts/pack-all.mjs [destination]   (default: ./packed)
//
// Prints one tarball path per line.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const destination = path.resolve(process.argv[2] ?? path.join(root, 'packed'));
mkdirSync(destination, { recursive: true });

for (const group of ['packages', 'apps']) {
  for (const name of readdirSync(path.join(root, group)).sort()) {
    const dir = path.join(root, group, name);
    const manifest = path.join(dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
    if (pkg.private) continue;
    if (!existsSync(path.join(dir, 'dist'))) {
      console.error(`${pkg.name} is not built; run \`pnpm build\` first.`);
      process.exit(1);
    }
    const out = execFileSync('pnpm', ['pack', '--pack-destination', destination], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const tarball = out.trim().split('\n').at(-1) ?? '';
    console.log(
      path.isAbsolute(tarball) ? tarball : path.join(destination, path.basename(tarball)),
    );
  }
}
