import type { Logger } from '@agl/store-core';
import { InvalidArgumentError } from '@agl/store-core';
import type { AlgorithmRunArgs, Dataset } from '@agl/trainer';
import { AgentLightningClient, type AgentLightningClientOptions } from '../../client/client';
import { isLegacyTaskClient, type LegacyTaskClient } from '../../client/task-client';

/** A data argument of `fitV0`: a legacy server URL, a task client, or a dataset. */
export type LegacyDataSource<T = unknown> = string | LegacyTaskClient | Dataset<T>;

/**
 * The algorithm hook of `fitV0`: `run` is the algorithm's work;
 * `getClient` (deprecated) provides the legacy endpoint when the data
 * arguments do not. An `Algorithm` from `@agl/trainer` fits this shape.
 */
export interface LegacyAlgorithm<T = unknown> {
  /** The algorithm's work; gets the datasets given to `fitV0` (`null` for URLs and clients). */
  run(args: AlgorithmRunArgs<T>): unknown;
  /** The legacy endpoint the runners should use: a client or an `http(s)://` URL. */
  getClient?(): LegacyTaskClient | string;
}

/** Client settings for the clients `fitV0` builds from URLs. */
export type LegacyClientSettings = Omit<AgentLightningClientOptions, 'endpoint'>;

const isUrl = (value: string): boolean => /^https?:\/\//.test(value);

/**
 * Checks one data argument.
 *
 * @param name - the argument's name, for the message
 * @param value - the argument
 * @throws InvalidArgumentError for a string that is not an `http(s)://` URL, or a
 *   value that is neither a client nor a dataset (something with a `length`)
 */
export function checkDataSource(name: string, value: unknown): void {
  if (value === null || value === undefined || isLegacyTaskClient(value)) return;
  if (typeof value === 'string') {
    if (isUrl(value)) return;
    throw new InvalidArgumentError(
      `${name} must be an http:// or https:// URL when given as a string, got '${value}'.`,
    );
  }
  const length = (value as { length?: unknown }).length;
  if (typeof value !== 'object' || typeof length !== 'number') {
    throw new InvalidArgumentError(
      `${name} must be an http(s) URL, a task client or a dataset, got ${typeof value}.`,
    );
  }
}

/** Whether a (checked) data argument is a backend: a URL or a client. */
function isBackend(value: unknown): value is string | LegacyTaskClient {
  return typeof value === 'string' || isLegacyTaskClient(value);
}

/** The dataset of a (checked) data argument, or `null` for URLs, clients and absent values. */
export function datasetOf<T>(value: LegacyDataSource<T> | null | undefined): Dataset<T> | null {
  return value === null || value === undefined || isBackend(value) ? null : value;
}

/** What {@link resolveBackend} chooses from. */
export interface BackendChoice<T> {
  /** The training data argument. */
  trainData: LegacyDataSource<T> | null;
  /** The development data argument (used only with `dev`). */
  devData: LegacyDataSource<T> | null;
  /** The deprecated dev flag. */
  dev: boolean;
  /** The algorithm, if any. */
  algorithm: LegacyAlgorithm<T> | null;
  /** Settings of clients built from URLs. */
  clientOptions: LegacyClientSettings;
  /** Logger of clients built from URLs. */
  logger: Logger;
}

/**
 * Chooses the task client: with `dev`, `devData`; otherwise
 * `trainData` when it is a URL or client; otherwise the algorithm's
 * `getClient()`. A URL becomes an `AgentLightningClient`.
 *
 * @throws InvalidArgumentError when no backend can be found
 */
export function resolveBackend<T>(choice: BackendChoice<T>): LegacyTaskClient {
  const toClient = (source: string | LegacyTaskClient): LegacyTaskClient =>
    typeof source === 'string'
      ? new AgentLightningClient({
          logger: choice.logger,
          ...choice.clientOptions,
          endpoint: source,
        })
      : source;
  if (choice.dev) {
    if (isBackend(choice.devData)) return toClient(choice.devData);
    throw new InvalidArgumentError(
      'dev_data must be a string URL or AgentLightningClient when dev mode is enabled.',
    );
  }
  if (isBackend(choice.trainData)) return toClient(choice.trainData);
  if (choice.algorithm !== null) {
    if (typeof choice.algorithm.getClient !== 'function') {
      throw new InvalidArgumentError(
        'The algorithm has no getClient(); pass trainData as a legacy server URL or a task client.',
      );
    }
    const source: unknown = choice.algorithm.getClient();
    checkDataSource('algorithm.getClient()', source);
    if (!isBackend(source)) {
      throw new InvalidArgumentError('algorithm.getClient() must return a task client or a URL.');
    }
    return toClient(source);
  }
  throw new InvalidArgumentError(
    'train_data must be a string URL or AgentLightningClient when no algorithm is provided.',
  );
}
