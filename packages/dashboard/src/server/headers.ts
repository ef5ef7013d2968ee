/**
 * Security headers of every dashboard response.
 *
 * @module
 */

/**
 * The Content-Security-Policy: only the page's own origin (plus the store's
 * origin in direct mode) for scripts, styles, images and connections.
 *
 * @param storeOrigin - the store's origin in direct mode
 */
export function contentSecurityPolicy(storeOrigin?: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // The span worker is one of the package's own files; no blob: or data: workers.
    "worker-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src 'self'${storeOrigin ? ` ${storeOrigin}` : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * The headers every dashboard answer carries.
 *
 * @param storeOrigin - the store's origin in direct mode
 */
export function securityHeaders(storeOrigin?: string): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(storeOrigin),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
  };
}
