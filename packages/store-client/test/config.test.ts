import { InvalidArgumentError, silentLogger } from '@agl/store-core';
import { describe, expect, it } from 'vitest';
import { LightningStoreClient, STORE_CLIENT_DEFAULTS } from '../src';
import { captureLogger } from './helpers/capture-logger';
import { NO_RETRIES } from './helpers/client-options';

describe('construction', () => {
  it('strips trailing slashes and exposes the server root', () => {
    const client = new LightningStoreClient('http://localhost:4747//', { logger: silentLogger });
    expect(client.config.serverAddress).toBe('http://localhost:4747');
    expect(client.otlpTracesEndpoint()).toBe('http://localhost:4747/v1/traces');
  });

  it('keeps a path prefix of a server behind a proxy', () => {
    const client = new LightningStoreClient('https://proxy.example/store/', {
      logger: silentLogger,
    });
    expect(client.otlpTracesEndpoint()).toBe('https://proxy.example/store/v1/traces');
  });

  it('fixes up an address that already ends in /v1/agl, with a warning', () => {
    const logger = captureLogger();
    const client = new LightningStoreClient('http://localhost:4747/v1/agl/', { logger });
    expect(client.config.serverAddress).toBe('http://localhost:4747');
    expect(logger.messages('warn')).toHaveLength(1);
    expect(logger.messages('warn')[0]).toContain('/v1/agl');
  });

  it.each([
    ['not a url', /Invalid store server address/],
    ['ftp://host', /http:\/\/ or https:\/\//],
    ['http://host/?x=1', /query or fragment/],
  ])('rejects the address %j', (address, message) => {
    expect(() => new LightningStoreClient(address)).toThrow(InvalidArgumentError);
    expect(() => new LightningStoreClient(address)).toThrow(message);
  });

  it.each([
    [{ retryDelaysSeconds: [-1] }, /retryDelaysSeconds/],
    [{ healthRetryDelaysSeconds: [Number.NaN] }, /healthRetryDelaysSeconds/],
    [{ requestTimeoutSeconds: 0 }, /requestTimeoutSeconds/],
    [{ connectionTimeoutSeconds: Number.POSITIVE_INFINITY }, /connectionTimeoutSeconds/],
    [{ retryDelaysMs: [-1] }, /retryDelaysMs/],
    [{ healthRetryDelaysMs: [Number.NaN] }, /healthRetryDelaysMs/],
    [{ requestTimeoutMs: 0 }, /requestTimeoutMs/],
    [{ connectionTimeoutMs: Number.POSITIVE_INFINITY }, /connectionTimeoutMs/],
  ])('rejects invalid options %j', (options, message) => {
    expect(() => new LightningStoreClient('http://h', options)).toThrow(InvalidArgumentError);
    expect(() => new LightningStoreClient('http://h', options)).toThrow(message);
  });

  it('defaults to the reference values, in seconds', () => {
    const client = new LightningStoreClient('http://h:1', { logger: silentLogger });
    expect(client.config).toEqual({ serverAddress: 'http://h:1', ...STORE_CLIENT_DEFAULTS });
    expect(STORE_CLIENT_DEFAULTS).toEqual({
      retryDelaysSeconds: [1, 2, 5],
      healthRetryDelaysSeconds: [0.1, 0.2, 0.5],
      requestTimeoutSeconds: 30,
      connectionTimeoutSeconds: 5,
    });
  });

  it('exposes a plain config from which an equivalent client is rebuilt', () => {
    const original = new LightningStoreClient('http://h:1/', {
      retryDelaysSeconds: [],
      healthRetryDelaysSeconds: [0.005],
      requestTimeoutSeconds: 1.234,
      connectionTimeoutSeconds: 0.099,
      logger: silentLogger,
    });
    const transferred = JSON.parse(JSON.stringify(original.config));
    const rebuilt = new LightningStoreClient(transferred.serverAddress, transferred);
    expect(rebuilt.config).toEqual(original.config);
    expect(transferred).toEqual({
      serverAddress: 'http://h:1',
      retryDelaysSeconds: [],
      healthRetryDelaysSeconds: [0.005],
      requestTimeoutSeconds: 1.234,
      connectionTimeoutSeconds: 0.099,
    });
  });

  const MS_NAMES = {
    retryDelaysMs: [250, 500],
    healthRetryDelaysMs: [],
    requestTimeoutMs: 1500,
    connectionTimeoutMs: 2000,
  };
  const SECONDS_NAMES = {
    retryDelaysSeconds: [0.25, 0.5],
    healthRetryDelaysSeconds: [],
    requestTimeoutSeconds: 1.5,
    connectionTimeoutSeconds: 2,
  };

  it.each([
    ['alone', MS_NAMES],
    ['next to the same values under the seconds names', { ...MS_NAMES, ...SECONDS_NAMES }],
  ])('takes the deprecated millisecond names %s, reported in seconds', (_, options) => {
    const client = new LightningStoreClient('http://h:1', { ...options, logger: silentLogger });
    expect(client.config).toEqual({ serverAddress: 'http://h:1', ...SECONDS_NAMES });
  });

  it.each([
    [{ retryDelaysSeconds: [1], retryDelaysMs: [1000, 2000] }, /retryDelaysSeconds.*retryDelaysMs/],
    [
      { healthRetryDelaysSeconds: [], healthRetryDelaysMs: [100] },
      /healthRetryDelaysSeconds.*healthRetryDelaysMs/,
    ],
    [
      { requestTimeoutSeconds: 1, requestTimeoutMs: 1001 },
      /requestTimeoutSeconds.*requestTimeoutMs/,
    ],
    [
      { connectionTimeoutSeconds: 1, connectionTimeoutMs: 100 },
      /connectionTimeoutSeconds.*connectionTimeoutMs/,
    ],
  ])('refuses a duration given under both names with different values %j', (options, message) => {
    const build = () => new LightningStoreClient('http://h', { ...options, logger: silentLogger });
    expect(build).toThrow(InvalidArgumentError);
    expect(build).toThrow(message);
  });

  it('declares all four capabilities', () => {
    const client = new LightningStoreClient('http://h:1', { logger: silentLogger });
    expect(client.capabilities).toEqual({
      thread_safe: true,
      async_safe: true,
      zero_copy: true,
      otlp_traces: true,
    });
    expect(client.name).toBe('LightningStoreClient');
  });
});

describe('input validation before sending', () => {
  const client = new LightningStoreClient('http://127.0.0.1:9', NO_RETRIES);

  it('rejects an invalid config or resources with InvalidArgumentError (as a rejected promise)', async () => {
    const badConfig = client.startRollout(1, { config: { max_attempts: 0 } });
    await expect(badConfig).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(badConfig).rejects.toThrow(/Invalid rollout config/);
    await expect(
      client.updateRollout('ro-1', { config: { retry_condition: ['nope' as 'failed'] } }),
    ).rejects.toBeInstanceOf(InvalidArgumentError);
    const resources = { llm: { resource_type: 'llm', model: 'm' } } as never;
    await expect(client.addResources(resources)).rejects.toThrow(/Invalid named resources/);
    await expect(client.updateResources('rs', resources)).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
  });
});
