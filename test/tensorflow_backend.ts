import { beforeAll, expect } from "vitest";
import { selectBackend } from "../lib/src/backend";

/**
 * Makes the test file's first step select seqlab's backend and fail unless it is `tensorflow`:
 * the fused kernels and cached kernels are TensorFlow's, so without the native backend
 * (`npm run setup:native`) there is nothing to compare.
 */
export function requireTensorFlowBackend(): void {
  beforeAll(async () => {
    const { name } = await selectBackend();
    expect(name, "the tensorflow backend (npm run setup:native)").toBe("tensorflow");
  });
}
