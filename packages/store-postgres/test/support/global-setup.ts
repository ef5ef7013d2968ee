import type { TestProject } from 'vitest/node';
import { probeDatabase, testDatabaseUrl } from './database';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The reachable PostgreSQL test server, or `null` when there is none. */
    pgUrl: string | null;
  }
}

/** Whether this run is CI (`CI=true` or `CI=1`): there a missing server is an error. */
export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = (env.CI ?? '').trim().toLowerCase();
  return value !== '' && value !== 'false' && value !== '0';
}

/**
 * Probes the PostgreSQL test server once per run. Locally, when it is
 * unreachable the real-server tests are skipped and this says so in one
 * line. On CI the multi-process guarantees must really be checked, so an
 * unreachable server fails the run before any test starts.
 */
export default async function setup(project: TestProject): Promise<void> {
  const url = testDatabaseUrl();
  const problem = await probeDatabase(url);
  if (problem !== null && isCi()) {
    throw new Error(
      `PostgreSQL is not reachable at ${url} (${problem}). With CI=true the PostgreSQL tests ` +
        'require the real server: start it (.ci/services) or set AGL_TEST_DATABASE_URL.',
    );
  }
  if (problem !== null) {
    console.log(
      `PostgreSQL not reachable at ${url} (${problem}): skipping the real-server tests (set CI=true to make this an error)`,
    );
  }
  project.provide('pgUrl', problem === null ? url : null);
}
