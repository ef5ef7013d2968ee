/**
 * Sets `record[key] = value` as an own property, even for keys such as
 * `__proto__` that plain assignment would treat specially. Keys coming from
 * span attributes are untrusted input.
 *
 * @internal
 */
export function setOwn<V>(record: Record<string, V>, key: string, value: V): void {
  Object.defineProperty(record, key, {
    value,
    writable: true,
    enumerable: true,
    configurable: true,
  });
}
