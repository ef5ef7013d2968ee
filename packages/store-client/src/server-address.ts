import { InvalidArgumentError, type Logger } from '@agl/store-core';
import { STORE_API_PREFIX } from '@agl/types';

/**
 * Normalises a server address to its root: trailing `/` stripped, and a
 * trailing `/v1/agl` (the API base, a common mistake) stripped with a warning.
 *
 * @param serverAddress - `http(s)://host:port`, optionally with a path prefix
 * @param logger - receives the warning about a stripped `/v1/agl`
 * @throws InvalidArgumentError when the address is not an http(s) URL
 */
export function normaliseServerAddress(serverAddress: string, logger: Logger): string {
  let url: URL;
  try {
    url = new URL(serverAddress);
  } catch (cause) {
    throw new InvalidArgumentError(
      `Invalid store server address: ${JSON.stringify(serverAddress)}`,
      {
        cause,
      },
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidArgumentError(
      `Store server address must be http:// or https://, got ${JSON.stringify(serverAddress)}`,
    );
  }
  if (url.search || url.hash) {
    throw new InvalidArgumentError(
      `Store server address must not have a query or fragment: ${JSON.stringify(serverAddress)}`,
    );
  }
  let root = serverAddress.trim().replace(/\/+$/, '');
  if (root.endsWith(STORE_API_PREFIX)) {
    root = root.slice(0, -STORE_API_PREFIX.length).replace(/\/+$/, '');
    logger.warn(
      `Store server address ${JSON.stringify(serverAddress)} ends with ${STORE_API_PREFIX}; using the server root ${root} instead`,
    );
  }
  return root;
}
