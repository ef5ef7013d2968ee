import type { TestProject } from 'vitest/node';
import { probeDatabase, testDatabaseUrl } from './database';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The reachable PostgreSQL test server, or `null` when there is none. */
    pgUrl: string | null;
  }
}

/**
 * Probes the PostgreSQL test server once per run. When it is unreachable the
 * real-server tests are skipped, and this says so in one line.
 */
export default async function setup(project: TestProject): Promise<void> {
  const url = testDatabaseUrl();
  const problem = await probeDatabase(url);
  if (problem !== null) {
    console.log(
      `PostgreSQL not reachable at ${url} (${problem}): running the contract suite on embedded PGlite only`,
    );
  }
  project.provide('pgUrl', problem === null ? url : null);
}
