import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import vue from '@vitejs/plugin-vue';
import { contentSecurityPolicy } from './electron/main/content-security-policy';

const root = import.meta.dirname;
const fromRoot = (path: string): string => resolve(root, path);

/**
 * Writes the desktop app's policy into the built page as a <meta> too (the app:// protocol sends
 * it as a header; the bridge serves the page without this copy and sends its own header). Not
 * in dev: the dev server's hot reload needs inline styles, which its header allows.
 */
function desktopPolicyMeta(): Plugin {
  return {
    name: 'balloon-lab:desktop-policy-meta',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: {
          'http-equiv': 'Content-Security-Policy',
          content: contentSecurityPolicy({ devServer: false, meta: true }),
        },
        injectTo: 'head-prepend',
      },
    ],
  };
}

// Layout the main process relies on at run time (electron/main/app-paths.ts):
// out/main/{index,serve}.js, out/main/{engine,validation,sweep}-worker.mjs, out/preload/index.cjs, out/renderer/index.html.
// The worker and the chunks it imports are .mjs: electron-builder.yml unpacks them beside app.asar,
// where no package.json says "type": "module".
export default defineConfig({
  main: {
    build: {
      outDir: fromRoot('out/main'),
      // Runtime packages stay in node_modules (packaged by electron-builder); devDependencies get bundled.
      externalizeDeps: true,
      sourcemap: false,
      rolldownOptions: {
        input: {
          index: fromRoot('electron/main/index.ts'),
          'engine-worker': fromRoot('electron/worker/engine-worker.ts'),
          'validation-worker': fromRoot('electron/services/validation/validation-worker.ts'),
          serve: fromRoot('electron/bridge/serve.ts'),
          // Loaded by the sweep pool's threads (electron/cli/sweep-worker-file.ts), in the CLI and the app.
          'sweep-worker': fromRoot('electron/cli/sweep-worker.ts'),
        },
        output: {
          format: 'es',
          entryFileNames: (chunk) =>
            ['engine-worker', 'validation-worker', 'sweep-worker'].includes(chunk.name)
              ? '[name].mjs'
              : '[name].js',
          chunkFileNames: 'chunks/[name]-[hash].mjs',
        },
      },
    },
  },
  preload: {
    build: {
      outDir: fromRoot('out/preload'),
      // A sandboxed preload can require nothing but 'electron': everything else is bundled in.
      externalizeDeps: false,
      sourcemap: false,
      rolldownOptions: {
        input: { index: fromRoot('electron/preload/index.ts') },
        // Sandboxed preloads cannot be ES modules.
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: fromRoot('renderer'),
    plugins: [vue(), desktopPolicyMeta()],
    build: {
      outDir: fromRoot('out/renderer'),
      sourcemap: false,
      rolldownOptions: { input: fromRoot('renderer/index.html') },
    },
  },
});
