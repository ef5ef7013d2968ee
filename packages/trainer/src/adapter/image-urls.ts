import { isPlainObject } from '../semconv/flatten';

/** Messages from an array, or from an object's digit keys in numeric order (else the object is one message). */
function messagesOf(raw: unknown): unknown[] {
  if (Array.isArray(raw)) return raw;
  if (!isPlainObject(raw)) return [];
  const digits = Object.keys(raw).filter((key) => /^\d+$/.test(key));
  if (digits.length === 0) return [raw];
  return digits.sort((a, b) => Number(a) - Number(b)).map((key) => raw[key]);
}

function partsOf(content: unknown): unknown[] {
  if (Array.isArray(content)) return content;
  if (typeof content !== 'string') return [];
  try {
    const parsed: unknown = JSON.parse(content);
    return Array.isArray(parsed) ? parsed : [];
  } catch {
    return [];
  }
}

/**
 * Image URLs in prompt messages, in message order: the `image_url.url` of
 * every content part of type `image_url`. Content may be an array or JSON
 * text of one; unparseable content is skipped.
 */
export function extractImageUrls(promptMessages: unknown): string[] {
  const urls: string[] = [];
  for (const message of messagesOf(promptMessages)) {
    if (!isPlainObject(message)) continue;
    for (const part of partsOf(message.content)) {
      if (!isPlainObject(part) || part.type !== 'image_url') continue;
      const image = part.image_url;
      if (isPlainObject(image) && typeof image.url === 'string') urls.push(image.url);
    }
  }
  return urls;
}
