import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { WeightedLayer } from "../lib/src/layer";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** A layer with two trained weights and one that gradients do not train, made in that order: a, b, then s between them. */
class ThreeWeights extends WeightedLayer {
  readonly a = this.weight(() => tf.ones([2, 3]));
  readonly s = this.weight(() => tf.zeros([3]), { trainable: false });
  readonly b = this.weight(() => tf.fill([3], 2));
}

describe("WeightedLayer", () => {
  it("lists its trainable weights in the order it made them, leaving out the untrained ones", () => {
    const layer = new ThreeWeights();
    expect(layer.weights).toEqual([layer.a, layer.b]);
    expect([layer.a.trainable, layer.s.trainable, layer.b.trainable]).toEqual([true, false, true]);
    expect(Array.from(layer.b.dataSync())).toEqual([2, 2, 2]);
    layer.dispose();
  });

  it("frees every weight it made, trained or not, and keeps no temporary tensor", () => {
    const before = tf.memory().numTensors;
    const layer = new ThreeWeights();
    expect(tf.memory().numTensors - before).toBe(3);
    layer.dispose();
    expect([layer.a.isDisposed, layer.s.isDisposed, layer.b.isDisposed]).toEqual([true, true, true]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
