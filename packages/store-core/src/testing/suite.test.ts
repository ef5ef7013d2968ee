import { describe, expect, it } from 'vitest';
import {
  CONTRACT_GROUPS,
  contractGroupTitles,
  contractTestNames,
  describeLightningStore,
} from './index';
import { CONTRACT_NAME_SEPARATOR, collectContractTests, defineContractGroup } from './registry';
import { resolveSkips } from './skips';

const noop = async () => {};

describe('the contract suite registry', () => {
  it('declares at least 150 uniquely named tests', () => {
    const names = contractTestNames();
    expect(names.length).toBeGreaterThanOrEqual(150);
    expect(new Set(names).size).toBe(names.length);
  });

  it('names every test "group > title" after its group', () => {
    const titles = new Set(contractGroupTitles());
    for (const name of contractTestNames()) {
      const [group] = name.split(CONTRACT_NAME_SEPARATOR);
      expect(titles.has(group ?? '')).toBe(true);
    }
    expect(titles.size).toBe(CONTRACT_GROUPS.length);
  });

  it('rejects two tests with the same full name', () => {
    const group = defineContractGroup('g', (test) => {
      test('same', noop);
      test('same', noop);
    });
    expect(() => collectContractTests([group])).toThrow(/Duplicate contract test name: "g > same"/);
  });

  it('keeps per-test settings such as the debounce', () => {
    const group = defineContractGroup('g', (test) =>
      test('slow', noop, { scanDebounceSeconds: 5 }),
    );
    expect(collectContractTests([group])[0]?.settings).toEqual({ scanDebounceSeconds: 5 });
  });
});

describe('skip resolution', () => {
  const cases = collectContractTests([
    defineContractGroup('alpha', (test) => {
      test('one', noop);
      test('two', noop);
    }),
    defineContractGroup('beta', (test) => test('three', noop)),
  ]);

  it('maps a full test name to its reason', () => {
    const reasons = resolveSkips(cases, [{ reason: 'not supported', tests: ['alpha > two'] }]);
    expect([...reasons]).toEqual([['alpha > two', 'not supported']]);
  });

  it('expands a group title to every test of the group', () => {
    const reasons = resolveSkips(cases, [{ reason: 'no alpha', tests: ['alpha'] }]);
    expect([...reasons.keys()]).toEqual(['alpha > one', 'alpha > two']);
  });

  it('throws on a name that matches no test or group, listing every unknown name', () => {
    const skips = [{ reason: 'r', tests: ['alpha > one', 'alpha > gone', 'gamma'] }];
    expect(() => resolveSkips(cases, skips)).toThrow(/"alpha > gone", "gamma"/);
  });

  it('throws on an empty reason', () => {
    expect(() => resolveSkips(cases, [{ reason: ' ', tests: ['beta'] }])).toThrow(/needs a reason/);
  });

  it('accepts every name the suite exports', () => {
    const reasons = resolveSkips(collectContractTests(CONTRACT_GROUPS), [
      { reason: 'all', tests: contractTestNames() },
    ]);
    expect(reasons.size).toBe(contractTestNames().length);
  });

  it('makes describeLightningStore throw before registering anything', () => {
    const create = () => {
      throw new Error('must not be called');
    };
    expect(() =>
      describeLightningStore({
        name: 'x',
        create,
        skip: [{ reason: 'r', tests: ['queue > no such test'] }],
      }),
    ).toThrow(/queue > no such test/);
  });
});
