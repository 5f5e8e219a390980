import { defineConfig } from 'vite';

// The appliance serves these files from the bulwark-web-admin bundle (folder /webapp) at "/",
// under a strict Content-Security-Policy: no inline scripts or styles and no data: fonts.
export default defineConfig({
  base: './',
  build: {
    outDir: 'target/classes/webapp',
    emptyOutDir: true,
    // Never inline assets as data: URIs: the CSP allows data: for images only, not for fonts.
    assetsInlineLimit: 0,
    // One stylesheet, loaded with <link>, never injected by script.
    cssCodeSplit: false,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
  },
  server: {
    host: '127.0.0.1',
    // For `npm run dev` against a running appliance: BULWARK_URL=https://127.0.0.1:8443 npm run dev
    proxy: process.env.BULWARK_URL
      ? { '/api': { target: process.env.BULWARK_URL, secure: false, changeOrigin: true } }
      : undefined,
  },
  preview: { host: '127.0.0.1' },
});
