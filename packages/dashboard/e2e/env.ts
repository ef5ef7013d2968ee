import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The Chromium binary (Debian's package by default). */
export const CHROMIUM = process.env.AGL_CHROMIUM ?? '/usr/bin/chromium';
/** Whether the browser suite can run (the global setup fails in CI when it cannot). */
export const browserAvailable = existsSync(CHROMIUM) && process.env.AGL_E2E !== '0';
/** Where test screenshots go (git-ignored). */
export const SCREENSHOTS = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  'test-results',
  'screenshots',
);
