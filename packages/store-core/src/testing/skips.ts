import type { ContractTestCase } from './registry';
import type { ContractSkip } from './types';

/**
 * Resolves a backend's skip list against the suite's tests. An entry is a full
 * test name (`"group > test"`) or a group title (every test of the group).
 *
 * @param cases - every test of the suite
 * @param skips - the backend's skip entries
 * @returns the reason for each skipped full test name
 * @throws Error naming every entry that matches no test or group, so skips never rot silently
 */
export function resolveSkips(
  cases: readonly ContractTestCase[],
  skips: readonly ContractSkip[],
): Map<string, string> {
  const reasons = new Map<string, string>();
  const unknown: string[] = [];
  for (const skip of skips) {
    if (skip.reason.trim() === '') {
      throw new Error(`A contract skip needs a reason (tests: ${skip.tests.join(', ')})`);
    }
    for (const name of skip.tests) {
      const matches = cases.filter((test) => test.fullName === name || test.group === name);
      if (matches.length === 0) unknown.push(name);
      for (const test of matches) reasons.set(test.fullName, skip.reason);
    }
  }
  if (unknown.length > 0) {
    const list = unknown.map((name) => `"${name}"`).join(', ');
    throw new Error(
      `Unknown contract test(s) in skip: ${list}. Use names from contractTestNames() ("group > test") or a group title.`,
    );
  }
  return reasons;
}
