/**
 * The registry behind string component specs :
 * short keys and the reference's import paths map to TypeScript classes, because
 * there is no Python import system to resolve them.
 *
 * @module
 */

/** The component kinds a trainer builds. */
export type ComponentKind =
  | 'strategy'
  | 'adapter'
  | 'tracer'
  | 'runner'
  | 'store'
  | 'algorithm'
  | 'llm_proxy';

/** A constructor taking one options object. */
export type ComponentClass = new (options?: never) => unknown;

const registry = new Map<string, ComponentClass>();
const keyOf = (kind: ComponentKind, key: string) => `${kind}:${key}`;

/**
 * Registers a class under a key (and optional aliases) for string and `{type}` specs.
 *
 * @param kind - the component kind
 * @param key - the key, e.g. `shm` or `TracerTraceToTriplet`
 * @param ctor - the class
 * @param aliases - more keys, e.g. the reference's import path
 */
export function registerComponent(
  kind: ComponentKind,
  key: string,
  ctor: ComponentClass,
  aliases: readonly string[] = [],
): void {
  for (const name of [key, ...aliases]) registry.set(keyOf(kind, name), ctor);
}

/**
 * Looks a class up.
 *
 * @param kind - the component kind
 * @param key - a registered key or alias
 * @returns the class, or `undefined`
 */
export function lookupComponent(kind: ComponentKind, key: string): ComponentClass | undefined {
  return registry.get(keyOf(kind, key));
}

/** The registered keys of a kind (for error messages). */
export function registeredKeys(kind: ComponentKind): string[] {
  const prefix = `${kind}:`;
  return [...registry.keys()]
    .filter((k) => k.startsWith(prefix))
    .map((k) => k.slice(prefix.length));
}
