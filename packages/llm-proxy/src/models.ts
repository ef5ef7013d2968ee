/**
 * The model registry: LiteLLM-style `model_list` entries parsed into deployments, grouped by the
 * model name agents use, and the sticky choice of a deployment per rollout.
 */
import { createHash } from 'node:crypto';
import { InvalidArgumentError } from '@agl/store-core';

/** One LiteLLM `model_list` entry. */
export interface ModelConfig {
  /** The model name agents send. */
  model_name: string;
  /** Where and how to reach the upstream. */
  litellm_params: {
    /** `<provider>/<upstream model>`; providers `hosted_vllm` and `openai` (bare names mean `openai`). */
    model: string;
    /** Base URL including `/v1`. */
    api_base?: string;
    /** Sent upstream as a bearer token. */
    api_key?: string;
    /** Upstream timeout for this deployment, in seconds. */
    timeout?: number;
    /** Overrides the gateway's `returnTokenIds` rewrite for this deployment. */
    return_token_ids?: boolean;
    /** Other LiteLLM keys are ignored. */
    [key: string]: unknown;
  };
  /** Deployment id and weights version. */
  model_info?: { id?: string; version?: number; [key: string]: unknown };
}

/** A parsed deployment. */
export interface Deployment {
  modelName: string;
  provider: 'hosted_vllm' | 'openai';
  upstreamModel: string;
  apiBase: string;
  apiKey: string | null;
  timeoutMs: number | null;
  returnTokenIds: boolean | null;
  id: string;
  version: number;
}

const OPENAI_BASE = 'https://api.openai.com/v1';

/** Parses and validates one entry; `index` names it in errors. */
function parseModelConfig(
  entry: unknown,
  index: number,
  env: NodeJS.ProcessEnv = process.env,
): Deployment {
  const fail = (why: string): never => {
    throw new InvalidArgumentError(`model_list[${index}]: ${why}`);
  };
  if (entry === null || typeof entry !== 'object') return fail('must be an object');
  const e = entry as Partial<ModelConfig>;
  if (typeof e.model_name !== 'string' || e.model_name === '')
    return fail('model_name must be a non-empty string');
  const params = e.litellm_params;
  if (params === null || typeof params !== 'object')
    return fail('litellm_params must be an object');
  if (typeof params.model !== 'string' || params.model === '')
    return fail('litellm_params.model must be a string');
  const slash = params.model.indexOf('/');
  const providerText = slash < 0 ? 'openai' : params.model.slice(0, slash);
  const upstreamModel = slash < 0 ? params.model : params.model.slice(slash + 1);
  if (providerText !== 'hosted_vllm' && providerText !== 'openai') {
    return fail(
      `unsupported provider "${providerText}" in "${params.model}" (use hosted_vllm/ or openai/)`,
    );
  }
  const provider = providerText;
  let apiBase =
    params.api_base ?? (provider === 'hosted_vllm' ? env.HOSTED_VLLM_API_BASE : OPENAI_BASE);
  if (typeof apiBase !== 'string' || apiBase === '')
    return fail('litellm_params.api_base is required for hosted_vllm');
  if (!/^https?:\/\//.test(apiBase)) return fail(`api_base must be an http(s) URL, got ${apiBase}`);
  if (apiBase.endsWith('/')) apiBase = apiBase.slice(0, -1);
  const apiKey =
    params.api_key ??
    (provider === 'hosted_vllm' ? env.HOSTED_VLLM_API_KEY : env.OPENAI_API_KEY) ??
    null;
  if (params.timeout !== undefined && !(typeof params.timeout === 'number' && params.timeout > 0)) {
    return fail('litellm_params.timeout must be a positive number of seconds');
  }
  if (params.return_token_ids !== undefined && typeof params.return_token_ids !== 'boolean') {
    return fail('litellm_params.return_token_ids must be a boolean');
  }
  const info = e.model_info ?? {};
  const version = info.version ?? 0;
  if (!Number.isInteger(version)) return fail('model_info.version must be an integer');
  const id =
    typeof info.id === 'string' && info.id !== ''
      ? info.id
      : createHash('sha256')
          .update(`${e.model_name}\n${params.model}\n${apiBase}`)
          .digest('hex')
          .slice(0, 16);
  return {
    modelName: e.model_name,
    provider,
    upstreamModel,
    apiBase,
    apiKey: typeof apiKey === 'string' && apiKey !== '' ? apiKey : null,
    timeoutMs: params.timeout === undefined ? null : params.timeout * 1000,
    returnTokenIds: params.return_token_ids ?? null,
    id,
    version,
  };
}

/**
 * Index of the deployment a rollout is pinned to among `n`: the first 8 bytes of the SHA-256 of
 * the rollout id, as an unsigned big-endian integer, modulo `n`. Pinning keeps a rollout's
 * prefix cache on one server.
 */
export function stickyIndex(rolloutId: string, n: number): number {
  // Anything modulo 1 is 0: a group of one server needs no hash.
  if (n === 1) return 0;
  const digest = createHash('sha256').update(rolloutId, 'utf8').digest();
  return Number(digest.readBigUInt64BE(0) % BigInt(n));
}

/** The deployments grouped by model name, with round-robin counters for unattributed calls. */
export class ModelRegistry {
  private entries: ModelConfig[] = [];
  private deployments: Deployment[] = [];
  private readonly groups = new Map<string, Deployment[]>();
  private readonly roundRobin = new Map<string, number>();

  /** Replaces every entry; the set of groups becomes the names in `list`. */
  replace(list: readonly ModelConfig[]): void {
    const parsed = list.map((entry, i) => parseModelConfig(entry, i));
    this.entries = list.map((entry) => structuredClone(entry));
    this.deployments = parsed;
    this.groups.clear();
    for (const d of parsed) this.groupOf(d.modelName).push(d);
    this.sortGroups();
  }

  /** Adds or replaces entries keyed by (model name, api_base); groups are kept. */
  upsert(list: readonly ModelConfig[]): void {
    const parsed = list.map((entry, i) => parseModelConfig(entry, i));
    parsed.forEach((d, i) => {
      const at = this.deployments.findIndex(
        (x) => x.modelName === d.modelName && x.apiBase === d.apiBase,
      );
      if (at >= 0) {
        this.deployments[at] = d;
        this.entries[at] = structuredClone(list[i] as ModelConfig);
      } else {
        this.deployments.push(d);
        this.entries.push(structuredClone(list[i] as ModelConfig));
      }
    });
    for (const group of this.groups.values()) group.length = 0;
    for (const d of this.deployments) this.groupOf(d.modelName).push(d);
    this.sortGroups();
  }

  /** Removes every deployment; the group names stay known (calls then get 503). */
  clear(): void {
    this.entries = [];
    this.deployments = [];
    for (const group of this.groups.values()) group.length = 0;
  }

  /** Makes a group known even without deployments (for `forceModel`). */
  ensureGroup(name: string): void {
    this.groupOf(name);
  }

  /** A copy of the current entries. */
  list(): ModelConfig[] {
    return this.entries.map((e) => structuredClone(e));
  }

  /** Every deployment, in registration order. */
  all(): readonly Deployment[] {
    return this.deployments;
  }

  /** The deployments of a group, sorted by `api_base`; `undefined` for an unknown group. */
  group(name: string): readonly Deployment[] | undefined {
    return this.groups.get(name);
  }

  /** Names of groups with at least one deployment, in first-appearance order. */
  names(): string[] {
    return [...new Set(this.deployments.map((d) => d.modelName))];
  }

  /** Group names, deployments or not. */
  knownNames(): string[] {
    return [...this.groups.keys()];
  }

  /** Picks a deployment: sticky by rollout id, else round-robin. */
  select(group: readonly Deployment[], name: string, rolloutId: string | null): Deployment {
    if (rolloutId !== null) return group[stickyIndex(rolloutId, group.length)] as Deployment;
    const next = this.roundRobin.get(name) ?? 0;
    this.roundRobin.set(name, next + 1);
    return group[next % group.length] as Deployment;
  }

  private groupOf(name: string): Deployment[] {
    let group = this.groups.get(name);
    if (!group) {
      group = [];
      this.groups.set(name, group);
    }
    return group;
  }

  private sortGroups(): void {
    for (const group of this.groups.values()) {
      group.sort((a, b) => (a.apiBase < b.apiBase ? -1 : a.apiBase > b.apiBase ? 1 : 0));
    }
  }
}
