import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { resolve } from 'node:path';

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          // The worker thread that renders the heavy exports (src/core/exports/workers.ts).
          'export-worker': resolve(__dirname, 'src/core/exports/worker.ts'),
          // The hub alone, for the browser mode (`npm run serve`): plain node starts it in a
          // fraction of the time tsx takes to compile the sources.
          hub: resolve(__dirname, 'src/hub/cli.ts'),
        },
      },
      // Native and server packages stay in node_modules; everything else is bundled.
      externalizeDeps: { include: [] },
    },
  },
  preload: {
    build: {
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        // A sandboxed preload must be one CommonJS file that requires only `electron`.
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
      externalizeDeps: false,
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
      // electron-vite leaves the renderer unminified; the browser mode serves it over the network.
      minify: true,
    },
    plugins: [react()],
  },
});
