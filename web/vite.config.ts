import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const api = `http://localhost:${process.env.PORT ?? '3000'}`;

/**
 * Brotli and gzip copies of every built asset, written beside it at build time: the server sends
 * them as they are (@fastify/static `preCompressed`), so no CPU goes to compressing per request.
 */
function precompress(): Plugin {
  return {
    name: 'linli-precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      const dir = options.dir ?? path.join(here, 'dist');
      for (const file of Object.keys(bundle)) {
        if (!/\.(js|css|html|svg|json)$/.test(file)) continue;
        const full = path.join(dir, file);
        const data = fs.readFileSync(full);
        if (data.length < 1024) continue;
        fs.writeFileSync(
          `${full}.br`,
          zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }),
        );
        fs.writeFileSync(`${full}.gz`, zlib.gzipSync(data, { level: 9 }));
      }
    },
  };
}

/**
 * Two pages in one build into web/dist, served by the API server: the console (index.html: antd,
 * ECharts) and the phone pages (m.html: antd-mobile only). Pages load as they are opened (chunks).
 */
export default defineConfig({
  root: here,
  plugins: [react(), precompress()],
  build: {
    outDir: path.join(here, 'dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rollupOptions: {
      input: { console: path.join(here, 'index.html'), phone: path.join(here, 'm.html') },
      // antd-mobile in one chunk for the phone (split across the phone pages' shared chunks it cost a first
      // visit several more requests); what the console shares with it (React, and the helpers antd-mobile
      // would otherwise pull into its group: a console page importing them loaded the phone's stylesheet,
      // whose `a { color }` failed the contrast check) in a chunk of its own
      output: {
        advancedChunks: {
          groups: [
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|scheduler|classnames|@babel[\\/]runtime|tslib|rc-util|@rc-component[\\/]mini-decimal|resize-observer-polyfill|use-sync-external-store)[\\/]/,
              priority: 20,
            },
            { name: 'mobile-ui', test: /node_modules[\\/]antd-mobile[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': api, '/healthz': api, '/openapi.json': api, '/open311': api },
  },
});
