import { InvalidArgumentError } from '@agl/store-core';
import type { Attributes, Span } from '@agl/types';
import { LINK_ID_KEYS, LightningSpanAttributes, LinkAttributes } from '../semconv/constants';
import { filterAndUnflattenAttributes, isPlainObject } from '../semconv/flatten';

/** One link condition: the attribute (or `trace_id` / `span_id`) and the value it must equal. */
export interface LinkMatch {
  /** Attribute key, or `trace_id` / `span_id` to compare the span's own ids. */
  key_match: string;
  /** The value to match. */
  value_match: string;
}

/**
 * Tag attributes: `agentlightning.tag.<i>` = tag, always expanded.
 *
 * @example makeTagAttributes(['fast', 'reliable']) // {"agentlightning.tag.0": "fast", "agentlightning.tag.1": "reliable"}
 */
export function makeTagAttributes(tags: readonly string[]): Attributes {
  const out: Attributes = {};
  tags.forEach((tag, i) => {
    out[`${LightningSpanAttributes.TAG}.${i}`] = tag;
  });
  return out;
}

/**
 * Reads the tags back.
 *
 * @throws InvalidArgumentError when there are no tags or a tag is not a string
 */
export function extractTagsFromAttributes(attributes: Readonly<Record<string, unknown>>): string[] {
  const tags = filterAndUnflattenAttributes(attributes, LightningSpanAttributes.TAG);
  if (!Array.isArray(tags) || !tags.every((tag) => typeof tag === 'string')) {
    throw new InvalidArgumentError(`Tags must be a list of strings, got: ${JSON.stringify(tags)}`);
  }
  return tags;
}

/**
 * Link attributes: for each pair, in insertion order,
 * `agentlightning.link.<i>.key_match` = key and `.value_match` = value.
 *
 * @throws InvalidArgumentError when a value is not a string
 * @example makeLinkAttributes({'gen_ai.response.id': 'response-123'})
 */
export function makeLinkAttributes(
  links: Readonly<Record<string, string>> | ReadonlyMap<string, string>,
): Attributes {
  const entries = links instanceof Map ? [...links.entries()] : Object.entries(links);
  const out: Attributes = {};
  entries.forEach(([key, value], i) => {
    if (typeof value !== 'string') {
      throw new InvalidArgumentError(
        `Link value for key "${key}" must be a string, got ${typeof value}`,
      );
    }
    out[`${LightningSpanAttributes.LINK}.${i}.${LinkAttributes.KEY_MATCH}`] = key;
    out[`${LightningSpanAttributes.LINK}.${i}.${LinkAttributes.VALUE_MATCH}`] = value;
  });
  return out;
}

/**
 * Reads the links back.
 *
 * @throws InvalidArgumentError when there are no links or one is malformed
 */
export function extractLinksFromAttributes(
  attributes: Readonly<Record<string, unknown>>,
): LinkMatch[] {
  const links = filterAndUnflattenAttributes(attributes, LightningSpanAttributes.LINK);
  const valid =
    Array.isArray(links) &&
    links.every(
      (link) =>
        isPlainObject(link) &&
        typeof link[LinkAttributes.KEY_MATCH] === 'string' &&
        typeof link[LinkAttributes.VALUE_MATCH] === 'string',
    );
  if (!valid)
    throw new InvalidArgumentError(
      `Links must be a list of {key_match, value_match}, got: ${JSON.stringify(links)}`,
    );
  return (links as Record<string, string>[]).map((link) => ({
    key_match: link[LinkAttributes.KEY_MATCH] as string,
    value_match: link[LinkAttributes.VALUE_MATCH] as string,
  }));
}

function linkMatches(span: Span, link: LinkMatch): boolean {
  if ((LINK_ID_KEYS as readonly string[]).includes(link.key_match)) {
    const own = link.key_match === 'trace_id' ? span.trace_id : span.span_id;
    return own === link.value_match;
  }
  return span.attributes[link.key_match] === link.value_match;
}

/**
 * The spans matching **all** links: `trace_id` / `span_id` compare the span's
 * ids, any other key compares the attribute for strict equality.
 */
export function queryLinkedSpans<S extends Span>(
  spans: readonly S[],
  links: readonly LinkMatch[],
): S[] {
  return spans.filter((span) => links.every((link) => linkMatches(span, link)));
}
