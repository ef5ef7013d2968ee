/**
 * The run-time configuration injected into `index.html` as a JSON data block
 * (not a script), escaped so that no value can close the element.
 *
 * @module
 */

/** How the browser reaches the store. */
export type DashboardMode = 'embedded' | 'proxy' | 'direct';

/** The configuration the page reads at start. */
export interface DashboardConfig {
  /** Always 1. */
  version: 1;
  /** Who serves the UI and where API requests go. */
  mode: DashboardMode;
  /** Base path with a trailing `/`. */
  basePath: string;
  /** `""` for same-origin API requests, else the store's absolute URL. */
  apiBase: string;
  /** What the status area shows as the store's address. */
  storeLabel: string;
}

/**
 * JSON text safe inside an HTML element: `<`, `>`, `&`, U+2028 and U+2029 escaped.
 *
 * @param value - any JSON value
 */
export function safeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * The built `index.html` with `<base href>` and the config block in its head.
 *
 * @param html - the built page
 * @param config - the configuration
 */
export function injectConfig(html: string, config: DashboardConfig): string {
  const base = `<base href="${config.basePath.replace(/"/g, '%22')}">`;
  const block = `<script id="agl-dashboard-config" type="application/json">${safeJson(config)}</script>`;
  return html.replace('<head>', `<head>${base}${block}`);
}
