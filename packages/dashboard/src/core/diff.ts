/**
 * Differences between two resources snapshots: resources added, removed
 * and changed, field-level changes, and line diffs of prompt templates.
 * Secret fields are compared without exposing either value.
 *
 * @module
 */
import { isSecretKey } from './mask';

/** One line of a line diff. */
export interface DiffLine {
  /** `same`, `added` or `removed`. */
  kind: 'same' | 'added' | 'removed';
  /** The line text. */
  text: string;
}

/**
 * A line diff (longest common subsequence) from `before` to `after`.
 *
 * @param before - old text
 * @param after - new text
 */
export function lineDiff(before: string, after: string): DiffLine[] {
  const a = before.split('\n');
  const b = after.split('\n');
  const n = a.length;
  const m = b.length;
  // Lengths of the LCS of suffixes; templates are small, so O(n·m) is fine.
  const table: Uint32Array[] = [];
  for (let i = 0; i <= n; i++) table.push(new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    const row = table[i] as Uint32Array;
    const below = table[i + 1] as Uint32Array;
    for (let j = m - 1; j >= 0; j--) {
      row[j] =
        a[i] === b[j]
          ? (below[j + 1] as number) + 1
          : Math.max(below[j] as number, row[j + 1] as number);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      out.push({ kind: 'same', text: a[i] as string });
      i++;
      j++;
    } else if (
      ((table[i + 1] as Uint32Array)[j] as number) >= ((table[i] as Uint32Array)[j + 1] as number)
    ) {
      out.push({ kind: 'removed', text: a[i++] as string });
    } else {
      out.push({ kind: 'added', text: b[j++] as string });
    }
  }
  while (i < n) out.push({ kind: 'removed', text: a[i++] as string });
  while (j < m) out.push({ kind: 'added', text: b[j++] as string });
  return out;
}

/** A changed field of a resource. */
export interface FieldChange {
  /** Dotted path (`sampling_parameters.temperature`). */
  path: string;
  /** Old value as display text ("(hidden)" for secrets). */
  before: string;
  /** New value as display text. */
  after: string;
}

/** How one named resource differs. */
export interface ResourceDiff {
  /** Resource name. */
  name: string;
  /** `added`, `removed`, `changed` or `unchanged`. */
  kind: 'added' | 'removed' | 'changed' | 'unchanged';
  /** Field changes (changed resources). */
  fields: FieldChange[];
  /** Secret fields: path → "changed (hidden)" / "unchanged (hidden)". */
  secrets: { path: string; changed: boolean }[];
  /** Line diff of the template text, when the template changed. */
  template: DiffLine[] | null;
}

function show(value: unknown): string {
  if (value === undefined) return '(absent)';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function compareFields(
  before: unknown,
  after: unknown,
  path: string,
  fields: FieldChange[],
  secrets: { path: string; changed: boolean }[],
): void {
  const key = path.split('.').pop() ?? path;
  if (path !== '' && isSecretKey(key)) {
    if (before !== undefined || after !== undefined)
      secrets.push({ path, changed: JSON.stringify(before) !== JSON.stringify(after) });
    return;
  }
  const isObj = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isObj(before) && isObj(after)) {
    const b = before as Record<string, unknown>;
    const c = after as Record<string, unknown>;
    const keys = [...new Set([...Object.keys(b), ...Object.keys(c)])].sort();
    for (const k of keys)
      compareFields(b[k], c[k], path === '' ? k : `${path}.${k}`, fields, secrets);
    return;
  }
  if (JSON.stringify(before) !== JSON.stringify(after))
    fields.push({ path, before: show(before), after: show(after) });
}

/**
 * Compares two snapshots' named resources.
 *
 * @param before - the older snapshot's `resources`
 * @param after - the newer snapshot's `resources`
 */
export function diffResources(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): ResourceDiff[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return names.map((name) => {
    const b = before[name];
    const a = after[name];
    if (b === undefined) return { name, kind: 'added', fields: [], secrets: [], template: null };
    if (a === undefined) return { name, kind: 'removed', fields: [], secrets: [], template: null };
    const fields: FieldChange[] = [];
    const secrets: { path: string; changed: boolean }[] = [];
    compareFields(b, a, '', fields, secrets);
    const templateChange = fields.find((f) => f.path === 'template');
    const template =
      templateChange && typeof (b as Record<string, unknown>).template === 'string'
        ? lineDiff(
            String((b as Record<string, unknown>).template),
            String((a as Record<string, unknown>).template ?? ''),
          )
        : null;
    const changed = fields.length > 0 || secrets.some((s) => s.changed);
    return { name, kind: changed ? 'changed' : 'unchanged', fields, secrets, template };
  });
}

/**
 * The placeholders of a prompt template: f-string `{name}`, jinja
 * `{{ name }}` and `{% … %}` blocks; none for other engines.
 *
 * @param template - the template text
 * @param engine - `f-string`, `jinja`, `poml`, …
 */
export function templatePlaceholders(template: string, engine: string): string[] {
  const found = new Set<string>();
  if (engine === 'f-string') {
    const text = template.replace(/\{\{|\}\}/g, '');
    for (const match of text.matchAll(/\{([^{}]+)\}/g))
      found.add((match[1] as string).split(/[!:]/)[0]?.trim() as string);
  } else if (engine === 'jinja') {
    for (const match of template.matchAll(/\{\{\s*([^}]+?)\s*\}\}/g)) found.add(match[1] as string);
    for (const match of template.matchAll(/\{%\s*([^%]+?)\s*%\}/g)) found.add(`{% ${match[1]} %}`);
  }
  return [...found];
}
