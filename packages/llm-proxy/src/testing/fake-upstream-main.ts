/**
 * Runs the fake model server as its own process (for benchmarks and manual trials): prints its
 * base URL on stdout and stops on SIGINT or SIGTERM.
 *
 * Flags: `--host`, `--port` (0 = free port), `--served-model`, `--latency-ms`, `--chunk-delay-ms`,
 * `--tokens-per-chunk`, `--return-token-ids honor|never|nonStreamOnly`, `--api-key`.
 */
import { parseArgs } from 'node:util';
import { createFakeUpstream, type FakeReturnTokenIds } from './fake-upstream.js';

const { values } = parseArgs({
  options: {
    host: { type: 'string' },
    port: { type: 'string', default: '0' },
    'served-model': { type: 'string' },
    'latency-ms': { type: 'string' },
    'chunk-delay-ms': { type: 'string' },
    'tokens-per-chunk': { type: 'string' },
    'return-token-ids': { type: 'string' },
    'api-key': { type: 'string' },
  },
});

const num = (v: string | undefined): number | undefined =>
  v === undefined ? undefined : Number(v);

try {
  const fake = await createFakeUpstream({
    host: values.host,
    port: num(values.port),
    servedModel: values['served-model'],
    latencyMs: num(values['latency-ms']),
    chunkDelayMs: num(values['chunk-delay-ms']),
    tokensPerChunk: num(values['tokens-per-chunk']),
    returnTokenIds: values['return-token-ids'] as FakeReturnTokenIds | undefined,
    apiKey: values['api-key'],
  });
  process.stdout.write(`${fake.url}\n`);
  let closing = false;
  const stop = (): void => {
    if (closing) process.exit(0);
    closing = true;
    void fake.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  process.stderr.write(
    `fake-upstream: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
}
