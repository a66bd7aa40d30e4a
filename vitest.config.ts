import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // slow tests run apart: npm run test:browser (vitest.browser.config.ts) and
    // npm run test:standalone (vitest.standalone.config.ts)
    exclude: [...configDefaults.exclude, "test/browser/**", "test/standalone/**"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
