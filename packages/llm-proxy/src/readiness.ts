/**
 * `GET /proxy/ready`: whether the gateway can serve and record calls right now. Unlike
 * `/health/readiness` (which must not depend on the model servers, often started after the
 * gateway), it checks the store (a one-item rollout query) and probes every upstream's
 * `GET <api_base>/models`, for operators and deployment checks.
 */
import { request } from 'undici';
import { withTimeout } from './deadline';
import type { GatewayState } from './state.js';

/** One upstream's probe. */
interface UpstreamProbe {
  model: string;
  endpoint: string;
  reachable: boolean;
  status?: number;
  error?: string;
}

/** The readiness answer. */
export interface Readiness {
  /** `ok` when the store answers (or nothing is recorded) and every model group has a reachable upstream. */
  status: 'ok' | 'unavailable';
  /** `ok`, `not used` (`record: false`) or `unavailable` with the reason. */
  store: { status: 'ok' | 'not used' | 'unavailable'; error?: string };
  /** Every deployment's probe. */
  upstreams: UpstreamProbe[];
}

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Checks the store and probes the upstreams (each within `storeTimeoutMs`, at most 5 s). */
export async function readiness(gw: GatewayState): Promise<Readiness> {
  const timeoutMs = Math.min(gw.options.storeTimeoutMs, 5000);
  const storeCheck = (async (): Promise<Readiness['store']> => {
    if (!gw.options.record) return { status: 'not used' };
    if (gw.store === null) return { status: 'unavailable', error: 'no store is set' };
    try {
      await withTimeout(gw.store.queryRollouts({ limit: 1 }), timeoutMs);
      return { status: 'ok' };
    } catch (error) {
      return { status: 'unavailable', error: reason(error) };
    }
  })();
  const probes = gw.registry.all().map(async (d): Promise<UpstreamProbe> => {
    const base = { model: d.modelName, endpoint: d.apiBase };
    try {
      const res = await request(`${d.apiBase}/models`, {
        method: 'GET',
        dispatcher: gw.dispatcher,
        headers: d.apiKey === null ? {} : { authorization: `Bearer ${d.apiKey}` },
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      await res.body.dump();
      // Any answer below 500 means the server is up and routing (a 401 still proves it listens).
      return { ...base, reachable: res.statusCode < 500, status: res.statusCode };
    } catch (error) {
      return { ...base, reachable: false, error: reason(error) };
    }
  });
  const [store, upstreams] = await Promise.all([storeCheck, Promise.all(probes)]);
  const groups = new Set(upstreams.map((u) => u.model));
  const served = [...groups].every((model) =>
    upstreams.some((u) => u.model === model && u.reachable),
  );
  return {
    status: store.status !== 'unavailable' && served ? 'ok' : 'unavailable',
    store,
    upstreams,
  };
}
