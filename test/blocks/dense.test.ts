import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { Dense } from "../../lib/src/blocks/dense";
import { Random } from "../../lib/src/random";
import { TOLERANCE, layerVariables, maxAbsDiff, small, weightedSum } from "../cells/reference";

const batch = 3;
const steps = 4;
const inputSize = 5;
const outputSize = 6;

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("Dense", () => {
  it("has the documented defaults, shapes and types, and draws its weights from the seed", () => {
    const dense = new Dense({ inputSize, outputSize, seed: 1 });
    expect(dense.activation).toBe("linear");
    expect(dense.W.shape).toEqual([inputSize, outputSize]);
    expect(Array.from(dense.b.dataSync())).toEqual(new Array(outputSize).fill(0));
    expect(maxAbsDiff(dense.W, new Random(1).glorot(inputSize, outputSize))).toBe(0);
    expectTypeOf(dense.apply<tf.Tensor3D>).returns.toEqualTypeOf<tf.Tensor3D>();
    expect(dense.apply(tf.zeros<tf.Rank.R3>([batch, steps, inputSize])).shape).toEqual([batch, steps, outputSize]);
    expect(() => dense.apply(tf.zeros<tf.Rank.R2>([batch, inputSize + 1]))).toThrow(/expects 5/);
    dense.dispose();
  });

  for (const activation of ["linear", "relu", "tanh"] as const) {
    it(`equals tf.layers.dense with activation ${activation}, forward and gradients`, () => {
      const dense = new Dense({ inputSize, outputSize, activation, seed: 2 });
      dense.b.assign(small(new Random(3), [outputSize]));
      const layer = tf.layers.dense({ units: outputSize, activation });
      tf.tidy(() => {
        layer.apply(tf.zeros([1, inputSize]));
      });
      layer.setWeights(dense.weights);
      const x = small<tf.Tensor3D>(new Random(4), [batch, steps, inputSize], 1);
      expect(maxAbsDiff(dense.apply(x), layer.apply(x) as tf.Tensor)).toBeLessThan(TOLERANCE);

      const lossWeights = small(new Random(5), [batch, steps, outputSize], 1);
      const ours = tf.variableGrads(() => weightedSum(dense.apply(x), lossWeights), dense.weights);
      const referenceVariables = layerVariables(layer);
      const theirs = tf.variableGrads(() => weightedSum(layer.apply(x) as tf.Tensor, lossWeights), referenceVariables);
      dense.weights.forEach((w, k) => {
        expect(maxAbsDiff(ours.grads[w.name], theirs.grads[referenceVariables[k].name])).toBeLessThan(TOLERANCE);
      });
      dense.dispose();
    });
  }
});
