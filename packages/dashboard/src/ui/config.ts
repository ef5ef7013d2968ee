/**
 * The configuration the serving side injects into the page, with the
 * fallback for files served by an unrelated static server (direct mode).
 */
export interface UiConfig {
  mode: 'embedded' | 'proxy' | 'direct';
  basePath: string;
  apiBase: string;
  storeLabel: string;
}

function read(): UiConfig {
  const element = document.getElementById('agl-dashboard-config');
  const fallbackBase = new URL(document.baseURI).pathname;
  try {
    const parsed = element?.textContent
      ? (JSON.parse(element.textContent) as Partial<UiConfig>)
      : {};
    return {
      mode: parsed.mode ?? 'direct',
      basePath: parsed.basePath ?? fallbackBase,
      apiBase: parsed.apiBase ?? '',
      storeLabel: parsed.storeLabel || location.origin,
    };
  } catch {
    return { mode: 'direct', basePath: fallbackBase, apiBase: '', storeLabel: location.origin };
  }
}

export const config: UiConfig = read();
