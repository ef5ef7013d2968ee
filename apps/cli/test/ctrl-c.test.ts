/**
 * Ctrl+C in a terminal sends SIGINT to every process of the foreground group:
 * `pnpm`, the script's shell and `agl`, and pnpm forwards it once more. The
 * store must still count it as one stop and `pnpm agl store` exit 0 (the
 * repository's `.npmrc` runs scripts without a POSIX shell that would turn
 * the signal into a failure).
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../src/bin.ts', import.meta.url));
const NPMRC = fileURLToPath(new URL('../../../.npmrc', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const project = mkdtempSync(path.join(tmpdir(), 'agl-ctrl-c-'));
afterAll(() => rmSync(project, { recursive: true, force: true }));

describe('pnpm agl store and Ctrl+C', () => {
  it('stops once and exits 0', async () => {
    copyFileSync(NPMRC, path.join(project, '.npmrc'));
    writeFileSync(
      path.join(project, 'package.json'),
      JSON.stringify({
        name: 'ctrl-c',
        private: true,
        scripts: { agl: `node --import ${TSX} --conditions=@agl/source ${BIN}` },
      }),
    );
    const child = spawn('pnpm', ['agl', 'store', '--port', '0'], {
      cwd: project,
      detached: true,
      env: {
        ...process.env,
        PATH: `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const exit = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child.on('close', (code, signal) => resolve({ code, signal })),
    );
    while (!output.includes('Health check passed')) {
      if (child.exitCode !== null) throw new Error(output);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    process.kill(-(child.pid as number), 'SIGINT');
    expect(await exit, output).toEqual({ code: 0, signal: null });
    expect(output).toContain('Received SIGINT, shutting down');
    expect(output).toContain('Store server stopped');
    expect(output).not.toContain('ELIFECYCLE');
  }, 60_000);
});
