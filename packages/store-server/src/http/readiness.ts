import type { LightningStore } from '@agl/store-core';

/** Readiness: answers 200 only when the store's backend answers (the database is reachable). */
export const READY_PATH = '/v1/agl/ready';

/** How long the backend may take to answer before the server is reported not ready. */
const READY_TIMEOUT_MS = 5000;

/**
 * Checks the backend with a cheap read (`statistics()`): 200 `{"status": "ok"}`
 * when it answers within 5 s, else 503 `{"status": "unavailable", "detail": ...}`.
 * Health (`/v1/agl/health`) says the process is up; this says it can serve.
 *
 * @param store - the store
 */
export async function readinessResponse(store: LightningStore): Promise<Response> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error('the store did not answer within 5 s')),
      READY_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([store.statistics(), timeout]);
    return Response.json({ status: 'ok' });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return Response.json({ status: 'unavailable', detail }, { status: 503 });
  } finally {
    clearTimeout(timer);
  }
}
