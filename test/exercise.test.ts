import * as tf from "@tensorflow/tfjs";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { checkExercise, expectClose, expectEqual, notYet } from "../lib/src/exercise";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("checkExercise", () => {
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  afterEach(() => log.mockClear());

  it("says solved when the check passes", async () => {
    await checkExercise("gate", () => {});
    expect(log).toHaveBeenCalledWith("✓ exercise gate: solved");
  });

  it("says not yet, with the check's message, when it throws, and does not throw itself", async () => {
    await checkExercise("gate", () => expectEqual("the answer", 41, 42));
    expect(log).toHaveBeenCalledWith("✗ exercise gate: not yet — the answer: 41, expected 42");
  });

  it("says that the stub is still there, with its task, while it is", async () => {
    const stub = (): number => notYet("return forty-two");
    await checkExercise("gate", () => expectEqual("the answer", stub(), 42));
    expect(log).toHaveBeenCalledWith("✗ exercise gate: not yet — the stub is still there: return forty-two");
  });
});

describe("expectClose", () => {
  it("accepts tensors equal within the tolerance", () => {
    expect(() => expectClose("h", tf.tensor2d([[1, 2]]), tf.tensor2d([[1, 2 + 1e-7]]))).not.toThrow();
  });

  it("names a shape that differs", () => {
    expect(() => expectClose("h", tf.zeros([2, 3]), tf.zeros([3, 2]))).toThrow("h: shape [2, 3], expected [3, 2]");
  });

  it("names the largest difference, where it is, and both values there", () => {
    const yours = tf.tensor2d([
      [0, 0.5],
      [0.25, 1],
    ]);
    const reference = tf.tensor2d([
      [0, 0.5],
      [0.75, 1],
    ]);
    expect(() => expectClose("h", yours, reference)).toThrow(
      "h: off from the reference by up to 0.500, at [1, 0]: yours 0.2500, reference 0.7500 (tolerance 0.00001)",
    );
  });

  it("counts NaN as a difference", () => {
    expect(() => expectClose("h", tf.tensor1d([NaN]), tf.tensor1d([0]))).toThrow(/off from the reference by up to NaN, at \[0\]/);
  });

  it("compares numbers, and refuses a tensor against a number", () => {
    expect(() => expectClose("x", 0.5, 0.5)).not.toThrow();
    expect(() => expectClose("x", 0.4, 0.5, 0.01)).toThrow("x: 0.4, expected 0.5 (±0.01)");
    expect(() => expectClose("x", tf.scalar(1), 1)).toThrow("x: expected a number and a number, got object and number");
  });
});
