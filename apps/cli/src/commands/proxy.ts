import { readFileSync } from 'node:fs';
import {
  LlmProxy,
  type LlmProxyOptions,
  type ModelConfig,
  type ReferenceProxyOptions,
} from '@agl/llm-proxy';
import { LightningStoreClient } from '@agl/store-client';
import {
  createConsoleLogger,
  type LightningStore,
  type Logger,
  type LogLevel,
} from '@agl/store-core';
import { type Command, Option } from 'commander';
import { CliError } from '../errors';
import type { CliIo } from '../io';
import { logLevelOption, resolveLogLevel } from '../log-level';
import { collect, intOption, numberOption } from '../options';

/** The parsed flags of `agl proxy`. */
export interface ProxyCommandOptions {
  /** `--host`: the address to bind. */
  host: string;
  /** `--port`: the TCP port (0 = a free one). */
  port: number;
  /** `--access-host`: the host advertised in resources. */
  accessHost?: string;
  /** `--store-url`: the store calls are recorded into. */
  storeUrl?: string;
  /** `--no-record`: serve without recording. */
  record: boolean;
  /** `--model`: the model name agents use. */
  model?: string;
  /** `--upstream` (repeatable): model server base URLs including `/v1`. */
  upstream: string[];
  /** `--upstream-model`: the model name the upstream serves (default `--model`). */
  upstreamModel?: string;
  /** `--provider`: `hosted_vllm` or `openai`. */
  provider: 'hosted_vllm' | 'openai';
  /** `--key`: the agent key. */
  key?: string;
  /** `--admin-key`: the management key. */
  adminKey?: string;
  /** `--upstream-key`: the key sent upstream. */
  upstreamKey?: string;
  /** `--streaming`: `passthrough` or `convert`. */
  streaming: 'passthrough' | 'convert';
  /** `--return-token-ids`. */
  returnTokenIds: 'auto' | 'always' | 'never';
  /** `--logprobs`. */
  logprobs: 'never' | 'train' | 'always';
  /** `--train-temperature`. */
  trainTemperature?: number;
  /** `--val-temperature`. */
  valTemperature?: number;
  /** `--force-model`. */
  forceModel?: string;
  /** `--preset`. */
  preset?: 'v1';
  /** `--max-attempts`. */
  maxAttempts: number;
  /** `--timeout`: upstream timeouts in seconds. */
  timeout: number;
  /** `--record-mode`. */
  recordMode: 'before-response' | 'async';
  /** `--record-layout`. */
  recordLayout: 'both' | 'litellm' | 'client';
  /** `--no-validate-attribution`. */
  validateAttribution: boolean;
  /** `--require-attribution`. */
  requireAttribution?: boolean;
  /** `--max-body-bytes`. */
  maxBodyBytes: number;
  /** `--publish`: publish a `proxy_llm` resource under this name after start. */
  publish?: string;
  /** `--log-level` (absent: `AGL_LOG_LEVEL`, else info). */
  logLevel?: LogLevel;
  /** `--log-bodies`. */
  logBodies?: boolean;
  /** `--tracker`: metrics backends (`prometheus` serves `/metrics`, `console` logs a summary). */
  tracker?: string[];
  /** `--config`: a JSON LiteLLM-style config (`model_list`, `litellm_settings`, `general_settings`, `agentlightning`). */
  config?: string;
}

// Which gateway options each flag sets: with --config, flags left at their default do not
// override the config.
const OPTION_FLAGS: Record<string, readonly string[]> = {
  host: ['host'],
  port: ['port'],
  numRetries: ['maxAttempts'],
  recordMode: ['recordMode'],
  recordLayout: ['recordLayout'],
  validateAttribution: ['validateAttribution'],
  upstreamTimeoutSeconds: ['timeout'],
  streamIdleTimeoutSeconds: ['timeout'],
  maxBodyBytes: ['maxBodyBytes'],
  streaming: ['streaming'],
  rewrite: ['returnTokenIds', 'logprobs', 'trainTemperature', 'valTemperature', 'preset'],
  forceModel: ['forceModel', 'preset'],
  record: ['record'],
  requireAttribution: ['requireAttribution'],
  logBodies: ['logBodies'],
  trackers: ['tracker'],
};

function withConfig(
  config: LlmProxyOptions & ReferenceProxyOptions,
  flags: LlmProxyOptions,
  explicit: ReadonlySet<string>,
): LlmProxyOptions & ReferenceProxyOptions {
  const out: Record<string, unknown> = { ...config };
  const configured = new Set(Object.keys(config));
  const litellm = (config.litellmConfig ?? {}) as {
    litellm_settings?: { num_retries?: unknown };
    general_settings?: { master_key?: unknown };
  };
  if (typeof litellm.litellm_settings?.num_retries === 'number') configured.add('numRetries');
  for (const [key, value] of Object.entries(flags)) {
    const sources = OPTION_FLAGS[key];
    const defaulted = sources !== undefined && !sources.some((f) => explicit.has(f));
    if (key === 'modelList' && (value as unknown[]).length === 0) continue;
    if ((key === 'key' || key === 'adminKey') && value === null) continue;
    if (!defaulted || !configured.has(key)) out[key] = value;
  }
  return out as LlmProxyOptions & ReferenceProxyOptions;
}

function camelCased(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()),
      camelCased(v),
    ]),
  );
}

/** Reads `--config`: LiteLLM keys become gateway options, the `agentlightning` section is taken as it is. */
function readProxyConfig(file: string): LlmProxyOptions & ReferenceProxyOptions {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read --config ${file}: ${(error as Error).message}`, 2);
  }
  let config: Record<string, unknown>;
  try {
    config = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    const hint = /\.ya?ml$/i.test(file)
      ? ' (YAML configs are not supported yet; convert it to JSON)'
      : '';
    throw new CliError(`--config ${file} is not valid JSON${hint}: ${(error as Error).message}`, 2);
  }
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new CliError(`--config ${file} must hold a JSON object`, 2);
  }
  const section = (config.agentlightning ?? {}) as Record<string, unknown>;
  const own = camelCased(section) as Record<string, unknown>;
  return {
    ...(Array.isArray(config.model_list) ? { modelList: config.model_list as ModelConfig[] } : {}),
    litellmConfig: {
      litellm_settings: config.litellm_settings ?? {},
      general_settings: config.general_settings ?? {},
    },
    ...own,
  };
}

function defaultStoreUrl(env: NodeJS.ProcessEnv): string {
  return `http://${env.AGL_SERVER_HOST || 'localhost'}:${env.AGL_SERVER_PORT || '4747'}`;
}

function modelList(o: ProxyCommandOptions, env: NodeJS.ProcessEnv): ModelConfig[] {
  if (o.upstream.length > 0 && !o.model)
    throw new CliError('--upstream needs --model (the name agents use)', 2);
  if (o.model && o.upstream.length === 0)
    throw new CliError('--model needs at least one --upstream URL', 2);
  const upstreamKey = o.upstreamKey ?? env.AGL_PROXY_UPSTREAM_KEY;
  return o.upstream.map((url) => {
    if (!/^https?:\/\//.test(url))
      throw new CliError(`--upstream must be an http(s) URL, got ${url}`, 2);
    return {
      model_name: o.model as string,
      litellm_params: {
        model: `${o.provider}/${o.upstreamModel ?? o.model}`,
        api_base: url,
        ...(upstreamKey ? { api_key: upstreamKey } : {}),
      },
    };
  });
}

async function probeStore(url: string): Promise<void> {
  try {
    const res = await fetch(`${url.replace(/\/$/, '')}/v1/agl/health`, {
      signal: AbortSignal.timeout(5000),
    });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    throw new CliError(`cannot reach the store at ${url}: ${cause ?? (error as Error).message}`, 1);
  }
}

/** Builds the gateway options from the flags (exported for tests). */
export function proxyOptionsFromFlags(
  o: ProxyCommandOptions,
  env: NodeJS.ProcessEnv,
  logger: Logger,
): LlmProxyOptions {
  const list = modelList(o, env);
  let forceModel = o.forceModel ?? null;
  let logprobs = o.logprobs;
  const temperature: { train?: number; val?: number } = {};
  if (o.preset === 'v1') {
    logprobs = 'train';
    temperature.train = 1;
    temperature.val = 0.7;
    const names = [...new Set(list.map((m) => m.model_name))];
    if (forceModel === null) {
      if (names.length !== 1)
        throw new CliError('--preset v1 needs exactly one model name, or --force-model', 2);
      forceModel = names[0] as string;
    }
  }
  if (o.trainTemperature !== undefined) temperature.train = o.trainTemperature;
  if (o.valTemperature !== undefined) temperature.val = o.valTemperature;
  const key = o.key ?? env.AGL_PROXY_KEY ?? null;
  return {
    host: o.host,
    port: o.port,
    ...(o.accessHost ? { accessHost: o.accessHost } : {}),
    modelList: list,
    numRetries: o.maxAttempts - 1,
    key,
    adminKey: o.adminKey ?? env.AGL_PROXY_ADMIN_KEY ?? key,
    rewrite: { returnTokenIds: o.returnTokenIds, logprobs, temperature },
    streaming: o.streaming,
    forceModel,
    record: o.record,
    recordMode: o.recordMode,
    recordLayout: o.recordLayout,
    validateAttribution: o.validateAttribution,
    requireAttribution: o.requireAttribution ?? false,
    upstreamTimeoutSeconds: o.timeout,
    streamIdleTimeoutSeconds: o.timeout,
    maxBodyBytes: o.maxBodyBytes,
    logBodies: o.logBodies ?? false,
    ...(o.tracker?.length ? { trackers: o.tracker as ('prometheus' | 'console')[] } : {}),
    logger,
  };
}

/**
 * Runs `agl proxy`: the LLM gateway until SIGINT or SIGTERM, then a graceful stop.
 *
 * @param o - the parsed flags
 * @param io - output and stop signal
 * @param env - the environment (keys and the default store address)
 * @returns the exit code (0 after a clean shutdown)
 * @throws CliError with exit code 2 for invalid flags, 1 when the store or the port is unavailable
 */
export async function runProxyCommand(
  o: ProxyCommandOptions,
  io: CliIo,
  env: NodeJS.ProcessEnv = process.env,
  explicit: ReadonlySet<string> = new Set(Object.keys(o)),
): Promise<number> {
  const logger = createConsoleLogger({
    level: resolveLogLevel(o.logLevel),
    name: 'agl.proxy',
    write: io.err,
  });
  let options: LlmProxyOptions & ReferenceProxyOptions = proxyOptionsFromFlags(o, env, logger);
  if (o.config) options = withConfig(readProxyConfig(o.config), options, explicit);
  let store: LightningStore | null = null;
  if (options.record !== false) {
    const url = o.storeUrl ?? defaultStoreUrl(env);
    await probeStore(url);
    store = new LightningStoreClient(url);
  }
  const proxy = new LlmProxy({ ...options, store });
  try {
    try {
      await proxy.start();
    } catch (error) {
      throw new CliError((error as Error).message, 1);
    }
    io.err(`LLM proxy listening on http://${o.host}:${proxy.port}`);
    io.err(`Endpoint for agents: ${proxy.accessEndpoint}`);
    const groups = new Map<string, number>();
    for (const m of proxy.modelList) groups.set(m.model_name, (groups.get(m.model_name) ?? 0) + 1);
    for (const [name, n] of groups) io.err(`${name} → ${n} upstream(s)`);
    if (o.tracker?.length) {
      const served = o.tracker.includes('prometheus')
        ? ` (Prometheus text at ${proxy.accessEndpoint}/metrics)`
        : '';
      io.err(`Metrics trackers enabled: ${o.tracker.join(', ')}${served}`);
    }
    if (o.publish && store) {
      const { resources_id } = await store.addResources({ [o.publish]: proxy.asResource() });
      io.err(`Published ${o.publish} as resources ${resources_id}`);
    }
    const signal = await io.waitForStop();
    logger.info(`Received ${signal}, shutting down`);
    await proxy.stop();
  } finally {
    await store?.close();
  }
  return 0;
}

/**
 * Registers `agl proxy` on a program.
 *
 * @param program - the `agl` program
 * @param io - output and stop signal
 * @param setExitCode - receives the command's exit code
 */
export function registerProxyCommand(
  program: Command,
  io: CliIo,
  setExitCode: (code: number) => void,
): Command {
  const choice = (flags: string, description: string, choices: string[], value: string) =>
    new Option(flags, description).choices(choices).default(value);
  return program
    .command('proxy')
    .description(
      'Run the LLM gateway: agents call it as their model server, every call is recorded in a store.',
    )
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--port <port>', 'TCP port (0 picks a free one)', intOption(0, 65535), 4749)
    .option('--access-host <host>', 'host advertised in ProxyLLM endpoints (default: --host)')
    .option(
      '--store-url <url>',
      'store to record into, any agl store (default: http://$AGL_SERVER_HOST:$AGL_SERVER_PORT, else http://localhost:4747)',
    )
    .option('--no-record', 'serve without recording (no store needed)')
    .option('--model <name>', 'model name agents use; with --upstream builds the deployments')
    .addOption(
      new Option('--upstream <url>', 'model server base URL including /v1, repeatable')
        .argParser(collect)
        .default([], 'none'),
    )
    .option('--upstream-model <name>', 'model name the upstream serves (default: --model)')
    .addOption(
      choice(
        '--provider <provider>',
        'provider prefix of the deployments',
        ['hosted_vllm', 'openai'],
        'hosted_vllm',
      ),
    )
    .option('--key <key>', 'key agents must present (env AGL_PROXY_KEY)')
    .option(
      '--admin-key <key>',
      'key of the management routes (env AGL_PROXY_ADMIN_KEY, default --key)',
    )
    .option('--upstream-key <key>', 'key sent to the model servers (env AGL_PROXY_UPSTREAM_KEY)')
    .addOption(
      choice(
        '--streaming <mode>',
        'passthrough: pipe streams event by event; convert: request complete answers and re-stream them',
        ['passthrough', 'convert'],
        'passthrough',
      ),
    )
    .addOption(
      choice(
        '--return-token-ids <mode>',
        'request token ids upstream',
        ['auto', 'always', 'never'],
        'auto',
      ),
    )
    .addOption(
      choice(
        '--logprobs <mode>',
        'request log-probs upstream',
        ['never', 'train', 'always'],
        'never',
      ),
    )
    .option(
      '--train-temperature <t>',
      'temperature forced on calls of train rollouts',
      numberOption(0),
    )
    .option(
      '--val-temperature <t>',
      'temperature forced on calls of val/test rollouts',
      numberOption(0),
    )
    .option('--force-model <name>', 'route every call to this model group')
    .addOption(
      new Option(
        '--preset <name>',
        'v1: log-probs in train, temperatures 1 / 0.7, --force-model',
      ).choices(['v1']),
    )
    .option('--max-attempts <n>', 'upstream attempts per call', intOption(1, 100), 6)
    .option(
      '--timeout <seconds>',
      'upstream timeout (headers, and between stream reads)',
      numberOption(Number.MIN_VALUE),
      300,
    )
    .addOption(
      choice(
        '--record-mode <mode>',
        'answers wait for their record, or not',
        ['before-response', 'async'],
        'before-response',
      ),
    )
    .addOption(
      choice('--record-layout <layout>', 'spans per record', ['both', 'litellm', 'client'], 'both'),
    )
    .option(
      '--no-validate-attribution',
      'forward calls of unknown rollouts instead of answering 404',
    )
    .option('--require-attribution', 'refuse calls without a rollout and attempt')
    .option('--max-body-bytes <n>', 'largest request body', intOption(1), 33554432)
    .option('--publish <name>', 'after start, publish a proxy_llm resource under this name')
    .addOption(
      new Option(
        '--tracker <name...>',
        'metrics: prometheus serves /metrics (admin key, or loopback only); console logs a summary every 30 s',
      ).choices(['prometheus', 'console']),
    )
    .addOption(logLevelOption())
    .option('--log-bodies', 'log request bodies at DEBUG')
    .option(
      '--config <file>',
      'JSON config: model_list, litellm_settings, general_settings, agentlightning',
    )
    .action(async (options: ProxyCommandOptions, command: Command) => {
      const explicit = new Set(
        Object.keys(options).filter((k) => command.getOptionValueSource(k) !== 'default'),
      );
      setExitCode(await runProxyCommand(options, io, process.env, explicit));
    });
}
