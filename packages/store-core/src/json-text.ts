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
let notedBytes: number | undefined;

/**
 * Notes `text` as the JSON serialisation of `value`, made just now.
 *
 * @param value - the serialised object (not to be changed afterwards)
 * @param text - `JSON.stringify(value)`
 * @param utf8Bytes - the UTF-8 length of `text` when the store counted it
 *   anyway (the server's `Content-Length` then needs no second count)
 */
export function noteJsonText(value: object, text: string, utf8Bytes?: number): void {
  noted = value;
  notedText = text;
  notedBytes = utf8Bytes;
}

/** Forgets the noted text (a server calls it before a store call whose result it will take the text of). */
export function forgetJsonText(): void {
  noted = undefined;
  notedText = '';
  notedBytes = undefined;
}

/**
 * The noted JSON text of exactly this object (with its UTF-8 length when
 * noted), once; `undefined` otherwise.
 *
 * @param value - the object about to be serialised
 */
export function takeJsonText(
  value: unknown,
): { readonly text: string; readonly utf8Bytes: number | undefined } | undefined {
  if (value === undefined || value !== noted) return undefined;
  const taken = { text: notedText, utf8Bytes: notedBytes };
  forgetJsonText();
  return taken;
}
