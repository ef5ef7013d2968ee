import type { ManualClock } from '../clock';
import type { LightningStore } from '../store';

/** What a contract test receives: a fresh store and the clock it runs on. */
export interface ContractTestContext {
  /** The store under test, created for this test only. */
  readonly store: LightningStore;
  /** The store's clock; `clock.advance(seconds)` moves time for timeouts and debounce windows. */
  readonly clock: ManualClock;
  /**
   * Skips the rest of this test at run time, for behaviour the store declares
   * it does not have (e.g. `capabilities.zero_copy`). The reason is reported.
   */
  readonly skip: (reason: string) => never;
}

/** Per-test settings of a contract test. */
export interface ContractTestSettings {
  /** Watchdog debounce the store is created with (default 0: every triggering call scans). */
  readonly scanDebounceSeconds?: number;
}

/** The body of a contract test. */
export type ContractTestBody = (context: ContractTestContext) => Promise<void>;

/** One registered contract test, before it is handed to vitest. */
export interface ContractTestCase {
  /** Title of the group (the inner `describe`). */
  readonly group: string;
  /** Title of the test within its group. */
  readonly title: string;
  /** `"group > title"`: the name skips refer to. */
  readonly fullName: string;
  /** Debounce and other per-test settings. */
  readonly settings: ContractTestSettings;
  /** The test body. */
  readonly body: ContractTestBody;
}

/** Registers the tests of one group. */
export type ContractTestRegistrar = (
  title: string,
  body: ContractTestBody,
  settings?: ContractTestSettings,
) => void;

/** A named group of contract tests, declared as data so names can be listed without vitest. */
export interface ContractGroup {
  /** Group title, the first part of every full test name. */
  readonly title: string;
  /** Declares the group's tests through `test`. */
  readonly declare: (test: ContractTestRegistrar) => void;
}

/**
 * Declares a group of contract tests.
 *
 * @param title - the group title (unique within the suite)
 * @param declare - calls `test(title, body, settings?)` once per test
 * @returns the group
 */
export function defineContractGroup(
  title: string,
  declare: (test: ContractTestRegistrar) => void,
): ContractGroup {
  return { title, declare };
}

/** Separator between the group and the test title in a full test name. */
export const CONTRACT_NAME_SEPARATOR = ' > ';

/**
 * Expands groups into their test cases, in declaration order.
 *
 * @param groups - the groups
 * @returns every test case
 * @throws Error when two tests share a full name
 */
export function collectContractTests(groups: readonly ContractGroup[]): ContractTestCase[] {
  const cases: ContractTestCase[] = [];
  const seen = new Set<string>();
  for (const group of groups) {
    group.declare((title, body, settings = {}) => {
      const fullName = `${group.title}${CONTRACT_NAME_SEPARATOR}${title}`;
      if (seen.has(fullName)) throw new Error(`Duplicate contract test name: "${fullName}"`);
      seen.add(fullName);
      cases.push({ group: group.title, title, fullName, settings, body });
    });
  }
  return cases;
}
