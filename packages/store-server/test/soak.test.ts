import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { makeSpan } from './helpers';
import { sampleOf } from './metrics/scenarios';

// A soak of the in-memory server under sustained span load: far more span
// bytes than the eviction threshold go in, and the server's resident memory
// must stay bounded (old rollouts lose their spans instead of the process
// growing). Bounded here; AGL_SOAK_MB sets how much is sent.
const FIXTURE = fileURLToPath(new URL('./fixtures/memory-server.ts', import.meta.url));
const EVICTION_BYTES = 64 * 1024 * 1024;
const SEND_BYTES = Number(process.env.AGL_SOAK_MB ?? 320) * 1024 * 1024;
// A heap limit a leak would hit: the process dies instead of growing.
const HEAP_LIMIT_MB = 256;

function rssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+) kB/m);
  return Number(line?.[1] ?? 0) * 1024;
}

describe.skipIf(process.platform !== 'linux')('soak: the in-memory server under span load', () => {
  it('keeps its memory bounded by evicting old spans', async () => {
    const child = spawn(
      process.execPath,
      [
        `--max-old-space-size=${HEAP_LIMIT_MB}`,
        '--import',
        'tsx',
        '--conditions=@agl/source',
        FIXTURE,
      ],
      {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
        stdio: ['ignore', 'pipe', 'inherit'],
        env: { ...process.env, AGL_EVICTION_BYTES: String(EVICTION_BYTES) },
      },
    );
    try {
      const { endpoint, pid } = await new Promise<{ endpoint: string; pid: number }>((resolve) => {
        child.stdout?.once('data', (chunk: Buffer) => resolve(JSON.parse(chunk.toString())));
      });
      const post = async (path: string, body: unknown) => {
        const response = await fetch(`${endpoint}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        expect(response.status).toBeLessThan(300);
        return response.json() as Promise<Record<string, unknown>>;
      };
      const baseline = rssBytes(pid);
      const payload = 'x'.repeat(4000);
      let sent = 0;
      let peak = 0;
      let rollouts = 0;
      while (sent < SEND_BYTES) {
        const rollout = await post('/v1/agl/rollouts', { input: { n: rollouts++ } });
        const attempt = (rollout.attempt as { attempt_id: string }).attempt_id;
        const spans = Array.from({ length: 100 }, (_, i) => {
          const span = makeSpan(rollout.rollout_id as string, attempt, `s${i}`, i + 1);
          (span.attributes as Record<string, unknown>).payload = payload;
          return span;
        });
        sent += JSON.stringify(spans).length;
        await post('/v1/agl/spans/batch', { spans });
        peak = Math.max(peak, rssBytes(pid));
      }
      const statistics = (await (await fetch(`${endpoint}/v1/agl/statistics`)).json()) as {
        total_span_bytes: number;
      };
      const growth = peak - baseline;
      console.log(
        `soak: sent ${(sent / 2 ** 20).toFixed(0)} MiB in ${rollouts} rollouts; ` +
          `span bytes held ${(statistics.total_span_bytes / 2 ** 20).toFixed(1)} MiB; ` +
          `RSS baseline ${(baseline / 2 ** 20).toFixed(0)} MiB, peak ${(peak / 2 ** 20).toFixed(0)} MiB`,
      );
      expect(sent).toBeGreaterThan(4 * EVICTION_BYTES);
      expect(statistics.total_span_bytes).toBeLessThanOrEqual(EVICTION_BYTES);
      // Spans held stay under the threshold; the process around them (parsing,
      // garbage not yet collected) adds a bounded amount on top, and the heap
      // limit makes a leak fatal rather than slow.
      expect(growth).toBeLessThan(HEAP_LIMIT_MB * 2 ** 20 + EVICTION_BYTES);
      expect(child.exitCode).toBeNull();
      // The eviction counters account for what went: every accounted byte is
      // either still held or was evicted.
      const metrics = await (await fetch(`${endpoint}/metrics`)).text();
      const evicted = sampleOf(metrics, 'agl_evicted_span_bytes_total');
      expect(sampleOf(metrics, 'agl_evictions_total')).toBeGreaterThan(0);
      expect(sampleOf(metrics, 'agl_evicted_rollouts_total')).toBeLessThan(rollouts);
      expect(sampleOf(metrics, 'agl_evicted_spans_total')).toBeGreaterThan(0);
      expect(evicted + statistics.total_span_bytes).toBeGreaterThan(sent * 0.9);
      expect(evicted + statistics.total_span_bytes).toBeLessThan(sent * 1.1);
    } finally {
      child.kill('SIGTERM');
    }
  }, 180_000);
});
