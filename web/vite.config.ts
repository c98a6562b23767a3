import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const api = `http://localhost:${process.env.PORT ?? '3000'}`;

/** The console and the phone pages: one Vite build into web/dist, served by the API server. */
export default defineConfig({
  root: here,
  plugins: [react()],
  build: {
    outDir: path.join(here, 'dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    port: 5173,
    proxy: { '/api': api, '/healthz': api, '/openapi.json': api, '/open311': api },
  },
});
