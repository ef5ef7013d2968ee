import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { dashboardAssetsDir } from '../src/server/assets';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = path.join(ROOT, 'dist');
// The tarball holds the build (`pnpm build`: lib/ and dist/); without it there is nothing to pack.
const built =
  existsSync(path.join(DIST, 'index.html')) && existsSync(path.join(ROOT, 'lib/index.js'));
const run = promisify(execFile);

/** The files `npm pack` would put in the tarball, as npm itself lists them. */
async function packedFiles(): Promise<string[]> {
  const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: ROOT,
    env: { ...process.env, npm_config_loglevel: 'silent' },
  });
  const [report] = JSON.parse(stdout) as { files: { path: string }[] }[];
  return (report?.files ?? []).map((f) => f.path).sort();
}

describe.runIf(built)('the published @agl/dashboard tarball', () => {
  it('ships the prebuilt page in dist/, the Node entry, and nothing of the browser source', async () => {
    const files = await packedFiles();
    expect(files).toContain('dist/index.html');
    const assets = files.filter((f) => f.startsWith('dist/assets/'));
    // Content-hashed names only (precompressed siblings allowed), and every one the page needs.
    for (const f of assets)
      expect(f).toMatch(/^dist\/assets\/[\w-]+-[A-Z0-9]{8}\.(js|css)(\.gz|\.br)?$/);
    const html = readFileSync(path.join(DIST, 'index.html'), 'utf8');
    const referenced = [...html.matchAll(/assets\/([\w-]+\.(?:js|css))/g)].map((m) => m[1]);
    expect(referenced.length).toBeGreaterThan(0);
    for (const name of referenced) expect(files).toContain(`dist/assets/${name}`);
    expect(files).toContain('lib/index.js');
    expect(files).toContain('lib/index.d.ts');
    // Browser files are only the built ones: no UI source, no tests, no screenshots.
    const outside = files.filter(
      (f) =>
        !/^(dist|lib|src\/server|src\/core)\//.test(f) &&
        !['package.json', 'README.md'].includes(f),
    );
    expect(outside).toEqual([]);
    expect(files.filter((f) => /\.test\.ts$|test-results|\.png$/.test(f))).toEqual([]);
  });

  it('declares no install scripts and no runtime dependencies', () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      scripts?: Record<string, string>;
      dependencies?: Record<string, string>;
      optionalDependencies?: Record<string, string>;
      bundleDependencies?: unknown;
    };
    const lifecycle = ['preinstall', 'install', 'postinstall', 'prepare', 'prepack', 'postpack'];
    expect(Object.keys(manifest.scripts ?? {}).filter((s) => lifecycle.includes(s))).toEqual([]);
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(manifest.optionalDependencies ?? {}).toEqual({});
    expect(manifest.bundleDependencies).toBeUndefined();
  });

  it('points dashboardAssetsDir at dist/, from the built entry and from the source', async () => {
    const entry = (await import(pathToFileURL(path.join(ROOT, 'lib/index.js')).href)) as {
      dashboardAssetsDir: string;
    };
    expect(entry.dashboardAssetsDir).toBe(DIST);
    expect(dashboardAssetsDir).toBe(DIST);
  });
});
