import { createPgClient, createPgliteClient } from '../../src/index';
import type { SqlClient } from '../../src/sql/client';

/** One SQL engine a test runs on, skipped when it is a server and none is reachable. */
export interface SqlEngine {
  engine: string;
  connect(): Promise<SqlClient>;
  skip: boolean;
}

/**
 * Embedded PGlite, and the PostgreSQL server at `url` when the global set-up found one
 * (`url` null: that engine is skipped), for `describe.each`.
 *
 * @param url - the server's URL as `inject('pgUrl')` gives it
 * @param maxConnections - the server client's pool size
 */
export function sqlEngines(url: string | null, maxConnections: number): SqlEngine[] {
  return [
    { engine: 'PGlite', connect: () => createPgliteClient(), skip: false },
    {
      engine: 'a PostgreSQL server',
      connect: async () => createPgClient({ databaseUrl: url as string, maxConnections }),
      skip: url === null,
    },
  ];
}
