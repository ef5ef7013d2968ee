import type { LightningStore } from '../store';

/** The names of the interface's members that are methods. */
type InterfaceMethod = {
  [K in keyof LightningStore]: LightningStore[K] extends (...args: never[]) => unknown ? K : never;
}[keyof LightningStore];

/** A method type as a plain function type, so that its parameters compare strictly. */
type AsFunction<T> = T extends (...args: infer A) => infer R ? (...args: A) => R : never;

/**
 * The `LightningStore` methods a store class implements more narrowly than
 * the interface: those whose implementation does not accept every argument
 * list the interface allows, or whose result is not what the interface
 * promises; `never` when there are none. TypeScript compares method
 * parameters bivariantly, so plain assignability misses a narrowed
 * parameter; this type compares them strictly. For a type test:
 *
 * @example
 * ```ts
 * // test/lightning-store.test-d.ts, run by vitest's typecheck mode
 * expectTypeOf<LightningStoreMismatches<MyStore>>().toBeNever();
 * ```
 */
export type LightningStoreMismatches<Store extends LightningStore> = {
  [K in InterfaceMethod]: Parameters<AsFunction<LightningStore[K]>> extends Parameters<
    AsFunction<Store[K]>
  >
    ? ReturnType<AsFunction<Store[K]>> extends ReturnType<AsFunction<LightningStore[K]>>
      ? never
      : K
    : K;
}[InterfaceMethod];
