import { afterEach, describe, it } from 'vitest';
import { ManualClock } from '../clock';
import type { LightningStore } from '../store';
import { CONTRACT_GROUPS } from './groups';
import { collectContractTests } from './registry';
import { resolveSkips } from './skips';
import type { ContractContext, ContractSuiteOptions } from './types';

/**
 * Registers the LightningStore contract suite as vitest tests: one `describe`
 * named after the backend, one nested `describe` per group, one `it` per
 * behaviour. Each test gets a fresh store from `options.create`, built with a
 * `ManualClock` at the real now, `scanDebounceSeconds` 0 (5 in the debounce
 * tests) and no watchdog timer; the store is destroyed after the test, pass or fail.
 *
 * @param options - the backend's name, factory, optional destroy hook and skips
 * @throws Error when a skip names a test or group the suite does not have
 *
 * @example
 * ```ts
 * describeLightningStore({
 *   name: 'MyStore',
 *   create: ({ options }) => new MyStore(options),
 *   skip: [{ reason: 'no OpenTelemetry support', tests: ['otel spans'] }],
 * });
 * ```
 */
export function describeLightningStore(options: ContractSuiteOptions): void {
  const cases = collectContractTests(CONTRACT_GROUPS);
  const skipped = resolveSkips(cases, options.skip ?? []);
  const destroy = options.destroy ?? ((store: LightningStore) => store.close());

  describe(options.name, () => {
    const live = new Map<string, LightningStore>();
    afterEach(async (context) => {
      const store = live.get(context.task.id);
      if (store === undefined) return;
      live.delete(context.task.id);
      await destroy(store);
    });

    for (const group of CONTRACT_GROUPS) {
      describe(group.title, () => {
        for (const test of cases.filter((item) => item.group === group.title)) {
          const reason = skipped.get(test.fullName);
          if (reason !== undefined) {
            it.skip(`${test.title} [skipped: ${reason}]`, () => {});
            continue;
          }
          it(test.title, async (context) => {
            const clock = new ManualClock();
            const contractContext: ContractContext = {
              clock,
              options: {
                clock,
                scanDebounceSeconds: test.settings.scanDebounceSeconds ?? 0,
                watchdogIntervalSeconds: null,
              },
            };
            const store = await options.create(contractContext);
            live.set(context.task.id, store);
            await test.body({ store, clock, skip: (note) => context.skip(note) });
          });
        }
      });
    }
  });
}
