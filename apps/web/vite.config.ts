import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { defineConfig, normalizePath, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));
const PUBLIC_SRC = `${normalizePath(path.join(root, 'src/public'))}/`;

/**
 * The residents' public entry (src/public) runs on Preact through preact/compat instead of React.
 * P13 asks for the community page usable within 3 s on Slow 4G with 4× CPU throttling; React's
 * chunk alone was 68 KB gzip, to download on a 1.26 Mbit/s line and to parse and run on a slowed
 * CPU. With Preact the entry is one 16 KB gzip file instead of 75 KB in three. The public pages
 * use only hooks, controlled form fields and createRoot, which compat covers.
 *
 * Only imports made by files under src/public are redirected, so the staff app (antd, router,
 * react-query) stays on real React in the same build; the source keeps importing 'react', so
 * its types (@types/react) and the editor see no difference. Mode `react-peer` turns this off: the
 * P13 benchmark (apps/api/bench/run-public.ts) builds that way to measure the React peer.
 */
const PREACT_ALIASES: Record<string, string> = {
  react: 'preact/compat',
  'react-dom': 'preact/compat',
  'react-dom/client': 'preact/compat/client',
  'react/jsx-runtime': 'preact/compat/jsx-runtime',
  'react/jsx-dev-runtime': 'preact/compat/jsx-dev-runtime',
};

function publicOnPreact(): Plugin {
  return {
    name: 'public-on-preact',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      const target = PREACT_ALIASES[source];
      if (!target || !importer?.split('?')[0]!.startsWith(PUBLIC_SRC)) return null;
      return this.resolve(target, importer, { ...options, skipSelf: true });
    },
  };
}

/**
 * Vendor libraries in their own long-cached chunks, so a feature change does not re-download them.
 * Ant Design is not one group: left to the bundler, each page's chunk shares only the components
 * it uses, and the sign-in page downloads a form, not the whole library (P13, < 200 KB gzip).
 * Leaflet and ECharts load only with the pages that draw maps and charts.
 */
const VENDOR_GROUPS = [
  // React alone, for the staff app (the residents' public entry runs on Preact, see above); the
  // router is left to the bundler (a group of its own cost the sign-in page 0.5 KB gzip).
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

export default defineConfig(({ mode }) => ({
  root,
  plugins: [
    // No fast refresh in the public entry: React's refresh runtime cannot update Preact components
    // (an edit there reloads the page in `npm run dev`).
    react({ refreshExclude: [/[\\/]node_modules[\\/]/, /[\\/]src[\\/]public[\\/]/] }),
    ...(mode === 'react-peer' ? [] : [publicOnPreact()]),
    precompress(),
  ],
  // `npm run dev`: Preact's entries pre-bundled from the start, not found on the first visit to /m/.
  optimizeDeps: {
    include: ['preact/compat', 'preact/compat/client', 'preact/compat/jsx-dev-runtime'],
  },
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
}));
