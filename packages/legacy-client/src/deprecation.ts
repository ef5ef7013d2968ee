import type { Logger } from '@agl/store-core';

/** What each deprecated entry point should be replaced with. */
const MIGRATIONS = {
  AgentLightningClient:
    'AgentLightningClient is deprecated and will be removed. Migrate to the LightningStore API: ' +
    'connect with LightningStoreClient from @agl/store-client to a store served by `agl store` ' +
    'or @agl/store-server.',
  DevTaskLoader:
    'DevTaskLoader is deprecated and will be removed. Migrate to the LightningStore API: run ' +
    'your agent against an in-process store (@agl/store-memory) or a LightningStoreClient ' +
    '(@agl/store-client) connected to `agl store`.',
  AgentLightningServer:
    'AgentLightningServer is deprecated and will be removed. Migrate to the LightningStore API: ' +
    'serve a store with @agl/store-server (or the `agl store` command) and let runners connect ' +
    'with @agl/store-client.',
  LegacyAgentRunner:
    'LegacyAgentRunner and fitV0 are deprecated and will be removed. Migrate to the LightningStore ' +
    'API: run the same agent with Trainer.fit (or LitAgentRunner) from @agl/trainer against a store.',
} as const;

/** A deprecated entry point of this package. */
export type DeprecatedEntryPoint = keyof typeof MIGRATIONS;

const warned = new Set<DeprecatedEntryPoint>();

/**
 * Logs the deprecation warning of an entry point, at most once per process.
 *
 * @param entry - the class being constructed
 * @param logger - where to write the warning
 */
export function warnDeprecatedOnce(entry: DeprecatedEntryPoint, logger: Logger): void {
  if (warned.has(entry)) return;
  warned.add(entry);
  logger.warn(MIGRATIONS[entry]);
}

/** Forgets which warnings were given (tests only; not exported from the package). */
export function resetDeprecationWarnings(): void {
  warned.clear();
}
