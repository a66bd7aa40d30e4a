// Shared by the cell tests: how a from-scratch cell is compared with its tfjs reference layer.
import * as tf from "@tensorflow/tfjs";
import { expect } from "vitest";
import { Random } from "../../lib/src/random";

/** The comparison tolerance the kit promises: max |a − b| ≤ 1e-5 in float32. */
export const TOLERANCE = 1e-5;

/** max |a − b| over all elements; the shapes must agree. */
export function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  expect(a.shape).toEqual(b.shape);
  return tf.tidy(() => a.sub(b).abs().max().dataSync()[0]);
}

/** Small uniform values in [−scale, scale), drawn from the kit's Random. */
export function small<T extends tf.Tensor>(random: Random, shape: number[], scale = 0.5): T {
  return random.uniform(shape, -scale, scale) as T;
}

/** A scalar loss that weighs every element of hs differently, so no gradient cancels out. */
export function weightedSum(hs: tf.Tensor, weights: tf.Tensor): tf.Scalar {
  return hs.mul(weights).sum<tf.Scalar>();
}

/** The tf.Variables behind a tfjs layer's trainable weights, in its weight order. */
export function layerVariables(layer: tf.layers.Layer): tf.Variable[] {
  return layer.trainableWeights.map((w) => w.read() as tf.Variable);
}
