import { afterAll, beforeAll } from 'vitest';
import { createPgClient, deletePartition } from '../../src/index';
import type { SqlClient } from '../../src/sql/client';
import { type ServerProcess, type ServerProcessOptions, startServerProcess } from './processes';

/** Server processes sharing one partition, managed by the enclosing `describe`'s hooks. */
export interface ServerGroup {
  /** The running processes, in start order; `replace` keeps the order. */
  readonly servers: ServerProcess[];
  /** A small client of the same database, for checks the HTTP API cannot make. */
  readonly db: SqlClient;
  /**
   * Starts a fresh process on the port of one that was killed, and puts it in
   * the killed one's place.
   *
   * @param victim - a process of this group, already killed
   * @returns the new process
   */
  replace(victim: ServerProcess): Promise<ServerProcess>;
}

/**
 * Registers `beforeAll`/`afterAll` hooks that start `count` server processes
 * over one partition (and a database client) before the tests of the
 * enclosing `describe`, and afterwards stop them and delete the partition.
 *
 * @param options - database, partition and watchdog settings of every process
 * @param count - how many processes (default 2)
 * @returns the group; `servers` and `db` are ready once the tests run
 */
export function useServerGroup(options: ServerProcessOptions, count = 2): ServerGroup {
  const servers: ServerProcess[] = [];
  let db: SqlClient | undefined;

  beforeAll(async () => {
    db = createPgClient({ databaseUrl: options.databaseUrl, maxConnections: 2 });
    const started = Array.from({ length: count }, () => startServerProcess(options));
    servers.push(...(await Promise.all(started)));
  }, 60_000);

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    if (db === undefined) return;
    await deletePartition(db, options.partition);
    await db.close();
  });

  return {
    servers,
    get db(): SqlClient {
      if (db === undefined) throw new Error('The server group is used before its beforeAll hook');
      return db;
    },
    async replace(victim) {
      const restarted = await startServerProcess({ ...options, port: victim.port });
      servers.splice(servers.indexOf(victim), 1, restarted);
      return restarted;
    },
  };
}
