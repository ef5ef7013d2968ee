import { InvalidArgumentError } from 'commander';

/**
 * Commander argument parser for an integer within bounds.
 *
 * @param min - smallest accepted value
 * @param max - largest accepted value
 */
export function intOption(min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!/^\s*-?\d+\s*$/.test(value) || parsed < min || parsed > max)
      throw new InvalidArgumentError(`expected an integer from ${min} to ${max}`);
    return parsed;
  };
}

/**
 * Commander argument parser for a finite number within bounds.
 *
 * @param min - smallest accepted value
 * @param max - largest accepted value
 */
export function numberOption(min: number, max = Number.POSITIVE_INFINITY) {
  return (value: string): number => {
    const parsed = Number(value);
    if (value.trim() === '' || !Number.isFinite(parsed) || parsed < min || parsed > max)
      throw new InvalidArgumentError(`expected a number from ${min} to ${max}`);
    return parsed;
  };
}

/** Commander collector for a repeatable option. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
