import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Vendor libraries in their own long-cached chunks, so a feature change does not re-download them.
 * Ant Design is not one group: left to the bundler, each page's chunk shares only the components
 * it uses, and the sign-in page downloads a form, not the whole library (P13, < 200 KB gzip).
 * Leaflet and ECharts load only with the pages that draw maps and charts.
 */
const VENDOR_GROUPS = [
  // React alone, shared by the staff app and the residents' public entry; the router is left to the
  // bundler, so only the staff app loads it (a group of its own cost the sign-in page 0.5 KB gzip).
  { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
  { name: 'leaflet', test: /node_modules[\\/]leaflet[\\/]/ },
  { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/ },
];

const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|txt|map)$/;

/**
 * Writes `file.br` (brotli, quality 11) and `file.gz` (gzip, level 9) beside every built text file
 * over 1 KB, so the server sends them as they are (`@fastify/static` preCompressed) instead of
 * compressing on every request.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      const files = fs.readdirSync(outDir, { recursive: true, encoding: 'utf8' });
      await Promise.all(
        files
          .filter((f) => COMPRESSIBLE.test(f))
          .map(async (f) => {
            const file = path.join(outDir, f);
            const data = await fs.promises.readFile(file);
            if (data.length < 1024) return;
            const br = zlib.brotliCompressSync(data, {
              params: {
                [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
                [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
              },
            });
            const gz = zlib.gzipSync(data, { level: 9 });
            await fs.promises.writeFile(`${file}.br`, br);
            await fs.promises.writeFile(`${file}.gz`, gz);
          }),
      );
    },
  };
}

export default defineConfig({
  root,
  plugins: [react(), precompress()],
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://127.0.0.1:3000' } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // dist/.vite/manifest.json: the bundle-size test walks the sign-in page's static imports.
    manifest: true,
    // No modulepreload polyfill (0.4 KB gzip before sign-in): a browser without modulepreload (old
    // Safari) still loads every module, only without preloading them in parallel.
    modulePreload: { polyfill: false },
    // antd alone is close to 1 MB minified; it is one cached chunk, split off from the app code.
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      // Two entries: the staff app and the residents' public pages (P13, its own small bundle).
      input: {
        main: fileURLToPath(new URL('index.html', import.meta.url)),
        public: fileURLToPath(new URL('public.html', import.meta.url)),
      },
      output: {
        codeSplitting: {
          groups: VENDOR_GROUPS.map((g, i) => ({ ...g, priority: VENDOR_GROUPS.length - i })),
        },
      },
    },
  },
});
