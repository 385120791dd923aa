import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The Rust server (default http://127.0.0.1:8080) serves the API; in development
// Vite serves the SPA and forwards the API paths to it, so cookies stay same-origin.
const backend = process.env.TILLIT_DEV_BACKEND ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      // Subscriptions (WebSocket); before '/graphql', which would match it first otherwise. The
      // Host header stays the dev server's (no changeOrigin), so the server's Origin check,
      // which compares the two, accepts the page.
      '/graphql/ws': { target: backend, ws: true, changeOrigin: false },
      '/graphql': { target: backend, changeOrigin: false },
      // The consent form as PDF (GET /customers/:id/consent-form.pdf, /consent-form.pdf).
      '^/(customers/[^/]+/)?consent-form\\.pdf': { target: backend },
      '/healthz': { target: backend },
      '/readyz': { target: backend },
    },
  },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    sourcemap: false,
  },
});
