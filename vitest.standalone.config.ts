import { defineConfig } from "vitest/config";

// The standalone test (test/standalone): seqlab packed, then installed with tfjs from the npm
// registry into a fresh project outside this checkout, where an exported notebook and a copied
// cell run. Needs the registry and a minute or two, so apart from `vitest run`:
// `npm run test:standalone`.
export default defineConfig({
  test: {
    include: ["test/standalone/**/*.test.ts"],
    testTimeout: 10 * 60_000,
    hookTimeout: 10 * 60_000,
  },
});
