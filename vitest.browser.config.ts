import { defineConfig } from "vitest/config";

// The browser tests (test/browser): every notebook in a real JupyterLab, driven by headless
// Chromium. Slow, so apart from `vitest run`: `npm run test:browser`.
export default defineConfig({
  test: {
    include: ["test/browser/**/*.test.ts"],
    testTimeout: 20 * 60_000,
    hookTimeout: 15 * 60_000,
    fileParallelism: false,
  },
});
