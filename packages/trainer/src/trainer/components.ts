/**
 * `buildComponent`: resolves a component specification
 * into an instance: an instance, a class, a factory, a registry key, an
 * options object with a `type` key, or null (default).
 *
 * @module
 */
import { InvalidArgumentError } from '@agl/store-core';
import {
  type ComponentClass,
  type ComponentKind,
  lookupComponent,
  registeredKeys,
} from './registry';
import { checkSpecKeys } from './spec-keys';

/** A component specification. */
export type ComponentSpec<T> =
  | T
  | ComponentClass
  | (() => T)
  | string
  | Record<string, unknown>
  | null
  | undefined;

/** Options of `buildComponent`. */
export interface BuildComponentOptions<T> {
  /** The component kind (registry namespace and error messages). */
  kind: ComponentKind;
  /** A human name, e.g. `strategy`. */
  name: string;
  /** Whether a value is an instance of the expected type. */
  isInstance: (value: unknown) => value is T;
  /** Builds the default when the spec is null. */
  defaultFactory?: () => T;
  /** Whether null is allowed (when there is no default). */
  allowNull?: boolean;
  /** Defaults injected into classes that list the key in `static optionKeys` (values or zero-argument factories). */
  optionalDefaults?: Record<string, unknown>;
  /** The class used for an options object without `type`. */
  defaultClass?: ComponentClass;
}

/** `snake_case` → `camelCase`, keeping leading underscores (`_skip_x` → `_skipX`). */
export function camelCaseKey(key: string): string {
  const lead = /^_*/.exec(key)?.[0] ?? '';
  return lead + key.slice(lead.length).replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function camelCaseKeys(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [camelCaseKey(k), v]));
}

function isClass<T>(fn: unknown, isInstance: (v: unknown) => v is T): fn is ComponentClass {
  if (typeof fn !== 'function' || !fn.prototype) return false;
  return isInstance(Object.create(fn.prototype));
}

function instantiate<T>(
  ctor: ComponentClass,
  given: Record<string, unknown>,
  o: BuildComponentOptions<T>,
  written: Record<string, unknown> = given,
): T {
  const declared = ctor as unknown as {
    optionKeys?: readonly string[];
    specKeys?: readonly string[];
  };
  const accepted = declared.optionKeys ?? [];
  const known = declared.specKeys ?? declared.optionKeys;
  if (known)
    checkSpecKeys(
      ctor.name,
      Object.keys(written).map((key) => [key, camelCaseKey(key)] as const),
      known,
    );
  const args: Record<string, unknown> = { ...given };
  for (const [key, value] of Object.entries(o.optionalDefaults ?? {})) {
    if (accepted.includes(key) && args[key] === undefined && value !== undefined) {
      const resolved =
        typeof value === 'function' && !value.prototype ? (value as () => unknown)() : value;
      if (resolved !== undefined && resolved !== null) args[key] = resolved;
    }
  }
  const instance = new (ctor as unknown as new (options: Record<string, unknown>) => unknown)(args);
  if (!o.isInstance(instance))
    throw new InvalidArgumentError(`${ctor.name} is not a valid ${o.name}.`, {
      pythonType: 'TypeError',
    });
  return instance;
}

function fromRegistry<T>(
  key: string,
  written: Record<string, unknown>,
  o: BuildComponentOptions<T>,
): T {
  const given = camelCaseKeys(written);
  const ctor = lookupComponent(o.kind, key);
  if (!ctor) {
    throw new InvalidArgumentError(
      `Unknown ${o.name} '${key}'. Registered: ${registeredKeys(o.kind).join(', ') || '(none)'}.`,
    );
  }
  return instantiate(ctor, given, o, written);
}

/**
 * Builds a component from its specification.
 *
 * @param spec - the specification
 * @param options - kind, instance check, defaults
 * @throws InvalidArgumentError for a null spec without default, an unknown key, an object without `type`, or a factory that returns the wrong type
 */
export function buildComponent<T>(
  spec: ComponentSpec<T>,
  options: BuildComponentOptions<T>,
): T | null {
  const { name } = options;
  if (options.isInstance(spec)) return spec;
  if (spec === null || spec === undefined) {
    if (options.defaultFactory) {
      const built = options.defaultFactory();
      if (!options.isInstance(built))
        throw new InvalidArgumentError(`The default ${name} factory returned an invalid value.`, {
          pythonType: 'TypeError',
        });
      return built;
    }
    if (options.allowNull) return null;
    throw new InvalidArgumentError(`${name} cannot be None.`);
  }
  if (isClass(spec, options.isInstance)) return instantiate(spec, {}, options);
  if (typeof spec === 'function') {
    const built = (spec as () => unknown)();
    if (!options.isInstance(built)) {
      const type = built === null ? 'null' : ((built as object)?.constructor?.name ?? typeof built);
      throw new InvalidArgumentError(
        `${name} factory returned ${type}, which is not a ${name} instance.`,
        { pythonType: 'TypeError' },
      );
    }
    return built;
  }
  if (typeof spec === 'string') return fromRegistry(spec, {}, options);
  if (typeof spec === 'object' && !Array.isArray(spec)) {
    const { type, ...rest } = spec as Record<string, unknown>;
    if (typeof type === 'string') return fromRegistry(type, rest, options);
    const { name: alias, ...others } = rest;
    if (typeof alias === 'string' && lookupComponent(options.kind, alias)) {
      return fromRegistry(alias, others, options);
    }
    if (options.defaultClass)
      return instantiate(
        options.defaultClass,
        camelCaseKeys(spec as Record<string, unknown>),
        options,
        spec as Record<string, unknown>,
      );
    throw new InvalidArgumentError(`${name} dict must have a 'type' key with the class full name.`);
  }
  throw new InvalidArgumentError(`Invalid ${name} type: ${typeof spec}.`);
}
