/**
 * Whether a `Content-Type` header names JSON the way FastAPI decides it:
 * `application/json` or `application/<anything>+json`, any case, parameters
 * such as `charset` ignored. An absent header is not JSON here; a server that
 * reads an absent type as JSON says so itself.
 *
 * @param header - the header value, if any
 * @returns whether the media type is JSON
 */
export function isJsonContentType(header: string | null | undefined): boolean {
  const media = (header ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const [type, subtype = ''] = media.split('/');
  return type === 'application' && (subtype === 'json' || subtype.endsWith('+json'));
}
