/**
 * Agent Lightning as a user's own project consumes it: every package packed
 * into a tarball (as a release publishes it), installed with plain npm into a
 * fresh `"type": "module"` project outside this repository, then the trainer
 * README's example and `npx agl store --help` run from there. Needs the
 * packages built (`pnpm build`; `pnpm test` builds them first) and the npm
 * registry for third-party dependencies.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../../../', import.meta.url));
const project = mkdtempSync(path.join(tmpdir(), 'agl-your-project-'));
// A user's shell, not this repository's: no `npm_config_*` that pnpm injects into the scripts
// it runs (its global config, empty `yes`/`audit` values, ...), and nothing that would resolve
// to the packages' sources.
// A machine whose TLS goes through an inspecting proxy trusts its CA through
// NODE_EXTRA_CA_CERTS; npm reads its own `cafile` setting instead, which a Node
// installed outside the system prefix does not find, so it is handed over.
const extraCa = process.env.NODE_EXTRA_CA_CERTS;
const env = {
  ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm_|pnpm_)/i.test(key))),
  ...(extraCa ? { npm_config_cafile: extraCa } : {}),
  NODE_OPTIONS: '',
  PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`,
};
afterAll(() => rmSync(project, { recursive: true, force: true }));

/** The first `ts` code block of the trainer README's Usage section. */
function readmeExample(): string {
  const readme = readFileSync(path.join(repo, 'packages/trainer/README.md'), 'utf8');
  const usage = readme.slice(readme.indexOf('## Usage'));
  const match = /```ts\n([\s\S]*?)```/.exec(usage);
  if (!match?.[1]) throw new Error('no ts example in the Usage section of the trainer README');
  return match[1];
}

beforeAll(async () => {
  const packed = path.join(project, 'tarballs');
  const { stdout } = await run(process.execPath, ['scripts/pack-all.mjs', packed], {
    cwd: repo,
    env,
  });
  const tarballs = stdout.trim().split('\n');
  const app = path.join(project, 'app');
  mkdirSync(app);
  writeFileSync(
    path.join(app, 'package.json'),
    JSON.stringify({ name: 'my-agent', private: true, type: 'module' }),
  );
  const tsx = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')).devDependencies.tsx;
  await run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', ...tarballs, `tsx@${tsx}`],
    { cwd: app, env, timeout: 240_000 },
  );
}, 300_000);

describe('a fresh project that installs the packed packages with npm', () => {
  it('runs `npx agl store --help`', async () => {
    const { stdout } = await run('npx', ['agl', 'store', '--help'], {
      cwd: path.join(project, 'app'),
      env,
    });
    expect(stdout).toContain('Usage: agl store [options]');
    expect(stdout).toContain('--backend <name>');
  }, 60_000);

  it("runs the trainer README's example", async () => {
    const app = path.join(project, 'app');
    writeFileSync(path.join(app, 'train.ts'), readmeExample());
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'train.ts'], {
      cwd: app,
      env: { ...env, AGL_SERVER_PORT: '0', AGL_LOG_LEVEL: 'warn' },
      timeout: 120_000,
    });
    expect(stdout, stderr).toMatch(/best prompt: \{ template: '.+', score: 1 \}/);
  }, 150_000);
});
