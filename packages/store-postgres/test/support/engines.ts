import { afterAll, beforeAll } from 'vitest';
import { createPgClient, createPgliteClient } from '../../src/index';
import type { SqlClient } from '../../src/sql/client';

/** One SQL engine a test runs on, skipped when it is a server and none is reachable. */
export interface SqlEngine {
  engine: string;
  skip: boolean;
  /**
   * Connects before the enclosing `describe`'s tests and closes after them (nothing when
   * skipped); returns the client's getter, valid inside the tests.
   */
  useClient(): () => SqlClient;
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
    engine('PGlite', () => createPgliteClient(), false),
    engine(
      'a PostgreSQL server',
      async () => createPgClient({ databaseUrl: url as string, maxConnections }),
      url === null,
    ),
  ];
}

function engine(name: string, connect: () => Promise<SqlClient>, skip: boolean): SqlEngine {
  return {
    engine: name,
    skip,
    useClient() {
      let client: SqlClient | undefined;
      beforeAll(async () => {
        if (!skip) client = await connect();
      }, 60_000);
      afterAll(() => client?.close());
      return () => client as SqlClient;
    },
  };
}
