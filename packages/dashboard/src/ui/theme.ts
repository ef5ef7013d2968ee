// Loaded as a blocking classic script before the app: sets the stored theme
// before first paint, so a preference that differs from the system scheme never flashes.
try {
  const stored = JSON.parse(localStorage.getItem('agl-dashboard-settings') ?? '{}') as {
    theme?: string;
  };
  const theme = stored.theme ?? 'system';
  const dark =
    theme === 'dark' || (theme === 'system' && matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
} catch {
  document.documentElement.dataset.theme = 'light';
}
