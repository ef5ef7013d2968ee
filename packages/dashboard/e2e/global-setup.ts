import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROMIUM, SCREENSHOTS } from './env';
import { isWholeSuite, missingScreenshots } from './required-screenshots';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function list(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? list(full) : [full];
  });
}

/** Builds the app, checks for Chromium (a failure in CI, a skip elsewhere), and lists the screenshots at the end. */
export default function setup(): () => void {
  if (!existsSync(CHROMIUM) || process.env.AGL_E2E === '0') {
    const message = `Chromium not found at ${CHROMIUM} (install it with scripts/install-chromium.sh, or set AGL_CHROMIUM)`;
    if (process.env.CI === 'true' && process.env.AGL_E2E !== '0')
      throw new Error(`${message}; the browser suite cannot be skipped in CI`);
    console.warn(
      `Skipping the browser suite: ${process.env.AGL_E2E === '0' ? 'AGL_E2E=0' : message}`,
    );
    return () => {};
  }
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build-ui.mjs')], {
    stdio: 'inherit',
  });
  rmSync(SCREENSHOTS, { recursive: true, force: true });
  return () => {
    const files = list(SCREENSHOTS).map((file) => path.relative(root, file));
    console.log(
      `\nScreenshots (${files.length}) in ${path.relative(process.cwd(), SCREENSHOTS) || '.'}:`,
    );
    for (const file of files.sort()) console.log(`  ${file}`);
    // A whole run must leave the reviewer's set; a filtered run cannot.
    if (!isWholeSuite(process.argv.slice(2))) return;
    const missing = missingScreenshots(list(SCREENSHOTS).map((f) => path.relative(SCREENSHOTS, f)));
    if (missing.length > 0)
      throw new Error(`Required screenshots missing after the run: ${missing.join(', ')}`);
  };
}
