import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The officials' web app, built into the service's build output (`dist/web`) and served by the
 * service itself at `/`. Preact through Vite's own JSX transform: no framework plugin to keep in step.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    target: 'es2022',
    // No inline script or style: the service's Content-Security-Policy allows only 'self'.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: true,
    // ELK (the state chart's layout) is one 1.4 MB chunk, loaded only by pages that draw a chart.
    chunkSizeWarningLimit: 1600,
  },
});
