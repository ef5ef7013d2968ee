/**
 * `PromptTemplate` resources and their formatting.
 *
 * @module
 */

import { NotImplementedStoreError } from '@agl/store-core';
import type { PromptTemplateEngine, PromptTemplate as PromptTemplateWire } from '@agl/types';
import { formatFString } from './f-string';

/**
 * Renders a template text with the given engine. Only `f-string` is
 * supported (Python `str.format` semantics); `jinja` and `poml` throw, as in
 * the reference.
 *
 * @param template - the template text
 * @param engine - the template engine
 * @param values - the keyword values
 * @throws NotImplementedStoreError naming the engine when it is not `f-string`
 */
export function formatTemplate(
  template: string,
  engine: PromptTemplateEngine,
  values: Readonly<Record<string, unknown>>,
): string {
  if (engine === 'f-string') return formatFString(template, values);
  throw new NotImplementedStoreError(
    `Formatting prompt templates for non-f-string engines with format() is not supported yet (engine: '${engine}').`,
  );
}

/** A prompt template resource (`resource_type: "prompt_template"`). */
export class PromptTemplate {
  /** Discriminator. */
  readonly resource_type = 'prompt_template' as const;
  /** The template text. */
  template: string;
  /** The engine: `f-string`, `jinja` or `poml`. */
  engine: PromptTemplateEngine;

  /**
   * @param template - the template text
   * @param engine - the template engine (default `f-string`)
   */
  constructor(template: string, engine: PromptTemplateEngine = 'f-string') {
    this.template = template;
    this.engine = engine;
  }

  /** Builds a `PromptTemplate` from its wire form. */
  static fromWire(wire: Pick<PromptTemplateWire, 'template' | 'engine'>): PromptTemplate {
    return new PromptTemplate(wire.template, wire.engine);
  }

  /**
   * Renders the template (reference `format(**kwargs)`); values render with Python `str()` rules.
   *
   * @param values - the keyword values, e.g. a task object
   * @throws InvalidArgumentError for a missing key or malformed template; NotImplementedStoreError for non-f-string engines
   */
  format(values: Readonly<Record<string, unknown>> = {}): string {
    return formatTemplate(this.template, this.engine, values);
  }

  /** The wire form. */
  toJSON(): PromptTemplateWire {
    return { resource_type: 'prompt_template', template: this.template, engine: this.engine };
  }
}
