/**
 * A hand-over of JSON text between a store and the server in front of it,
 * within one request: an in-memory store serialises each span it stores
 * (it keeps the text), and the HTTP answer to `POST /spans` is that same
 * span serialised again. The store notes the text of the object it just
 * serialised; the server, having cleared the note before calling the store,
 * takes it for exactly that object. One slot, so nothing is retained beyond
 * the latest span; a miss (another request in between) only costs the
 * serialisation it would have cost anyway.
 */
let noted: object | undefined;
let notedText = '';

/**
 * Notes `text` as the JSON serialisation of `value`, made just now.
 *
 * @param value - the serialised object (not to be changed afterwards)
 * @param text - `JSON.stringify(value)`
 */
export function noteJsonText(value: object, text: string): void {
  noted = value;
  notedText = text;
}

/** Forgets the noted text (a server calls it before a store call whose result it will take the text of). */
export function forgetJsonText(): void {
  noted = undefined;
  notedText = '';
}

/**
 * The noted JSON text of exactly this object, once; `undefined` otherwise.
 *
 * @param value - the object about to be serialised
 */
export function takeJsonText(value: unknown): string | undefined {
  if (value === undefined || value !== noted) return undefined;
  const text = notedText;
  forgetJsonText();
  return text;
}
