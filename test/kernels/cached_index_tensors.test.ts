import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { requireTensorFlowBackend } from "../tensorflow_backend";
import { cachedIndexTensorCount } from "../../lib/src/kernels/cached_index_tensors";
import { Random } from "../../lib/src/random";

// selectBackend installs the cached-index kernels when it loads tfjs-node
requireTensorFlowBackend();

/** Each op of the six kernels, in the ways the kit and tfjs call them (negative axes, −1 in a shape, int32 and bool tensors, keepDims). */
const CASES: Record<string, (x: tf.Tensor3D) => tf.Tensor | tf.Tensor[]> = {
  "reshape to [-1, 4]": (x) => x.reshape([-1, 4]),
  "reshape int32": (x) => x.toInt().reshape([6, 4]),
  "reshape bool": (x) => x.greater(0).reshape([24]),
  "concat on axis 1": (x) => tf.concat([x, x.mul(2)], 1),
  "concat on axis −1, three tensors": (x) => tf.concat([x, x, x.neg()], -1),
  "concat int32": (x) => tf.concat([x.toInt(), x.toInt()], 0),
  "split in 2 on axis 2": (x) => tf.split(x, 2, 2),
  "split by sizes [1, 2] on axis 1": (x) => tf.split(x, [1, 2], 1),
  "split by sizes [3, −1] on axis −1": (x) => tf.split(x, [3, -1], -1),
  "sum over axis 1": (x) => x.sum(1),
  "sum over axes [0, 2], keepDims": (x) => x.sum([0, 2], true),
  "sum over everything": (x) => x.sum(),
  "sum int32": (x) => x.toInt().sum(-1),
  slice: (x) => x.slice([0, 1, 1], [2, 2, 2]),
  "slice with −1 size": (x) => x.slice([1, 0, 2], [-1, 3, -1]),
  "expandDims on axis 1": (x) => x.expandDims(1),
  "expandDims on axis −1": (x) => x.expandDims(-1),
};

/** Every case's results on the current backend, as arrays. */
function results(): Record<string, unknown> {
  // whole numbers, so that sums are exact in float32 on either backend, in any order
  const x = new Random(3).uniform([2, 3, 4], -8, 8).round() as tf.Tensor3D;
  const out = Object.fromEntries(
    Object.entries(CASES).map(([name, op]) => {
      const value = op(x);
      return [
        name,
        Array.isArray(value)
          ? value.map((t) => ({ shape: t.shape, values: t.arraySync() }))
          : { shape: value.shape, values: value.arraySync() },
      ];
    }),
  );
  return out;
}

describe("the cached-index kernels (Reshape, Concat, SplitV, Sum, Slice, ExpandDims)", () => {
  it("give exactly the cpu backend's shapes and values, twice in a row (the second time from the cache)", async () => {
    const native = results();
    const cached = cachedIndexTensorCount();
    expect(cached, "index tensors cached by the first run").toBeGreaterThan(0);
    expect(results()).toEqual(native);
    expect(cachedIndexTensorCount(), "the second run finds them all in the cache").toBe(cached);
    await tf.setBackend("cpu");
    const reference = results();
    await tf.setBackend("tensorflow");
    expect(native).toEqual(reference);
  });

  it("give the same gradients as the cpu backend (reshape, concat, split, sum, slice and expandDims on the tape)", async () => {
    const loss = (x: tf.Tensor) => {
      const [a, b] = tf.split(tf.concat([x, x.mul(3)], 2), [5, 3], -1);
      return a
        .reshape([-1])
        .sum()
        .add(b.slice([0, 1, 0], [2, 2, 2]).expandDims(0).square().sum());
    };
    const gradient = () =>
      tf.tidy(() =>
        tf
          .grad(loss)(new Random(4).uniform([2, 3, 4], -8, 8).round())
          .arraySync(),
      );
    const native = gradient();
    await tf.setBackend("cpu");
    const reference = gradient();
    await tf.setBackend("tensorflow");
    expect(native).toEqual(reference);
  });

  it("keep their cached tensors out of tf.memory(): the count does not grow with new shapes", () => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      for (let n = 1; n <= 20; n++)
        tf.ones([n, 2])
          .reshape([2 * n])
          .sum(0);
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});
