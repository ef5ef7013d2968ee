import { afterEach } from 'vitest';

/** Anything a test opens and must close: a fake server, a client. */
interface Closable {
  close(): unknown;
}

/**
 * Registers an `afterEach` in the calling test file that closes everything
 * the returned function was given during the test, the last first (a client
 * before the server it talks to), whether the test passed or not.
 *
 * @returns a function that takes a closable and hands it back
 */
export function closeAfterEach(): <T extends Closable>(closable: T) => T {
  const open: Closable[] = [];
  afterEach(async () => {
    for (const closable of open.splice(0).reverse()) await closable.close();
  });
  return (closable) => {
    open.push(closable);
    return closable;
  };
}
