/**
 * Builds the web pages into dist/web, served by the API (services/http/web.ts): the dashboard
 * (index.html, at /dashboard) and the workbench (workbench.html, at /workbench); their shared code
 * and styles are split into common chunks, all under /web/assets.
 * Everything the page needs is bundled: no CDN, no web font (the system's Chinese fonts are used).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/web/',
  logLevel: 'warn',
  // Vue's compile-time flags for its ESM bundler build, set so it need not warn at run time.
  define: { __VUE_OPTIONS_API__: 'true', __VUE_PROD_DEVTOOLS__: 'false', __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false' },
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    rollupOptions: {
      input: { index: fileURLToPath(new URL('index.html', import.meta.url)), workbench: fileURLToPath(new URL('workbench.html', import.meta.url)) },
    },
    // Inlined assets would need data: URLs for scripts and styles, which the page's CSP forbids.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 2048,
    sourcemap: false,
  },
});
