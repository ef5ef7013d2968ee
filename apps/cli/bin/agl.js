#!/usr/bin/env node
// The `agl` executable. It lives outside dist/ so that package managers can
// link it before the package is built; it loads the built program.
try {
  await import('../dist/bin.js');
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/bin.js')) {
    console.error('agl: the CLI is not built yet; run `pnpm build` in the repository first.');
    process.exit(1);
  }
  throw error;
}
