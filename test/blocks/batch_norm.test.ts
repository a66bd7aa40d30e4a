import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { BatchNorm } from "../../lib/src/blocks/batch_norm";
import { Random } from "../../lib/src/random";
import { TOLERANCE, layerVariables, maxAbsDiff, small, weightedSum } from "../cells/reference";

const batch = 3;
const steps = 4;
const dims = 5;

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** A BatchNorm with non-trivial γ, β and running statistics, and tf.layers.batchNormalization holding the same. */
function normAndReference(
  shape: readonly number[],
  config: { momentum?: number; epsilon?: number } = {},
): {
  norm: BatchNorm;
  layer: tf.layers.Layer;
} {
  const random = new Random(3);
  const norm = new BatchNorm({ dims, ...config });
  norm.gamma.assign(tf.tidy(() => small<tf.Tensor1D>(random, [dims]).add(1)));
  norm.beta.assign(small(random, [dims]));
  norm.runningMean.assign(small(random, [dims]));
  norm.runningVariance.assign(tf.tidy(() => small<tf.Tensor1D>(random, [dims]).add(1)));
  const layer = tf.layers.batchNormalization(config);
  // builds its weights (and fixes its input rank)
  tf.tidy(() => {
    layer.apply(tf.zeros([...shape]));
  });
  // tfjs's weight order is [gamma, beta, moving_mean, moving_variance], the same as BatchNorm.allWeights.
  layer.setWeights(norm.allWeights);
  return { norm, layer };
}

/** [batch, steps, dims], features on different scales and offsets, as real activations are. */
function tokens(seed = 11): tf.Tensor3D {
  const random = new Random(seed);
  return tf.tidy(() =>
    small<tf.Tensor3D>(random, [batch, steps, dims], 2)
      .mul(tf.range(1, dims + 1))
      .add(0.5),
  );
}

/** tfjs's moving_mean and moving_variance, read back. */
function movingStatistics(layer: tf.layers.Layer): [mean: tf.Tensor, variance: tf.Tensor] {
  const [, , mean, variance] = layer.getWeights();
  return [mean, variance];
}

const shapes = [
  ["[batch, dims]", [batch * steps, dims]],
  ["[batch, steps, dims]", [batch, steps, dims]],
] as const;

describe("BatchNorm", () => {
  it("has the documented defaults, shapes and types", () => {
    const norm = new BatchNorm({ dims });
    expect(norm.epsilon).toBe(1e-3);
    expect(norm.momentum).toBe(0.99);
    expect(Array.from(norm.gamma.dataSync())).toEqual([1, 1, 1, 1, 1]);
    expect(Array.from(norm.beta.dataSync())).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(norm.runningMean.dataSync())).toEqual([0, 0, 0, 0, 0]);
    expect(Array.from(norm.runningVariance.dataSync())).toEqual([1, 1, 1, 1, 1]);
    expect(norm.weights.map((w) => w.trainable)).toEqual([true, true]);
    expect(norm.allWeights.map((w) => w.trainable)).toEqual([true, true, false, false]);
    expectTypeOf(norm.apply<tf.Tensor3D>).returns.toEqualTypeOf<tf.Tensor3D>();
    expectTypeOf(norm.apply<tf.Tensor2D>).returns.toEqualTypeOf<tf.Tensor2D>();
    expect(norm.apply(tf.zeros<tf.Rank.R3>([batch, steps, dims]), "training").shape).toEqual([batch, steps, dims]);
    expect(() => norm.apply(tf.zeros<tf.Rank.R2>([batch, dims + 1]))).toThrow(/6 features/);
    norm.dispose();
  });

  it("in training, gives each feature mean 0 and variance σ²/(σ² + ε) over all axes but the last", () => {
    const norm = new BatchNorm({ dims });
    const x = tokens();
    const y = norm.apply(x, "training");
    expect(y.mean([0, 1]).abs().max().dataSync()[0]).toBeLessThan(1e-5);
    const sigma2 = tf.moments(x, [0, 1]).variance;
    expect(maxAbsDiff(y.square().mean([0, 1]), sigma2.div(sigma2.add(1e-3)))).toBeLessThan(1e-5);
  });

  for (const [name, shape] of shapes) {
    it(`equals tf.layers.batchNormalization on ${name} in training, forward and running statistics`, () => {
      for (const config of [{}, { momentum: 0.9, epsilon: 1e-5 }]) {
        const { norm, layer } = normAndReference(shape, config);
        for (const seed of [11, 12, 13]) {
          const x = tokens(seed).reshape<tf.Tensor2D | tf.Tensor3D>([...shape]);
          const ours = norm.apply(x, "training");
          const theirs = layer.apply(x, { training: true }) as tf.Tensor;
          expect(maxAbsDiff(ours, theirs)).toBeLessThan(TOLERANCE);
          const [movingMean, movingVariance] = movingStatistics(layer);
          expect(maxAbsDiff(norm.runningMean, movingMean)).toBeLessThan(TOLERANCE);
          expect(maxAbsDiff(norm.runningVariance, movingVariance)).toBeLessThan(TOLERANCE);
        }
      }
    });

    it(`equals tf.layers.batchNormalization on ${name} in inference, forward`, () => {
      const { norm, layer } = normAndReference(shape);
      const x = tokens().reshape<tf.Tensor2D | tf.Tensor3D>([...shape]);
      expect(maxAbsDiff(norm.apply(x), layer.apply(x) as tf.Tensor)).toBeLessThan(TOLERANCE);
      expect(maxAbsDiff(norm.apply(x, "inference"), layer.apply(x, { training: false }) as tf.Tensor)).toBeLessThan(TOLERANCE);
    });
  }

  it("updates the running statistics by the documented formula, and only in training", () => {
    const { norm } = normAndReference([batch, steps, dims], { momentum: 0.9 });
    const x = tokens();
    const [mean0, variance0] = [norm.runningMean.clone(), norm.runningVariance.clone()];
    norm.apply(x);
    expect(maxAbsDiff(norm.runningMean, mean0)).toBe(0);
    norm.apply(x, "training");
    const { mean, variance } = tf.moments(x, [0, 1]);
    expect(maxAbsDiff(norm.runningMean, mean0.mul(0.9).add(mean.mul(0.1)))).toBeLessThan(1e-6);
    // the biased batch variance, as tfjs and Keras average it
    expect(maxAbsDiff(norm.runningVariance, variance0.mul(0.9).add(variance.mul(0.1)))).toBeLessThan(1e-6);
  });

  for (const [name, shape] of shapes) {
    for (const [mode, training] of [
      ["training", true],
      ["inference", false],
    ] as const) {
      it(`equals tf.layers.batchNormalization on ${name} in gradients in ${mode}, with respect to x, γ and β`, () => {
        const { norm, layer } = normAndReference(shape);
        const x = tokens().reshape<tf.Tensor2D | tf.Tensor3D>([...shape]);
        const lossWeights = small(new Random(5), [...shape], 1);
        const ours = (input: tf.Tensor) => weightedSum(norm.apply(input as typeof x, mode), lossWeights);
        const theirs = (input: tf.Tensor) => weightedSum(layer.apply(input, { training }) as tf.Tensor, lossWeights);
        expect(maxAbsDiff(tf.grad(ours)(x), tf.grad(theirs)(x))).toBeLessThan(TOLERANCE);

        const oursByWeight = tf.variableGrads(() => ours(x), norm.weights);
        const referenceVariables = layerVariables(layer);
        const theirsByWeight = tf.variableGrads(() => theirs(x), referenceVariables);
        expect(maxAbsDiff(oursByWeight.value, theirsByWeight.value)).toBeLessThan(TOLERANCE);
        norm.weights.forEach((w, k) => {
          const theirGrad = theirsByWeight.grads[referenceVariables[k].name];
          expect(maxAbsDiff(oursByWeight.grads[w.name], theirGrad)).toBeLessThan(TOLERANCE);
        });
      });
    }
  }

  it("in training, normalizes one sample differently when the rest of its batch changes; in inference, not", () => {
    const { norm } = normAndReference([batch, steps, dims]);
    const x = tokens();
    const other = tokens(99);
    // sentence 0 kept, sentences 1 and 2 replaced
    const mixed = tf.concat([x.slice([0, 0, 0], [1, steps, dims]), other.slice([1, 0, 0], [batch - 1, steps, dims])]);
    const first = (y: tf.Tensor) => y.slice([0, 0, 0], [1, steps, dims]);
    const inTraining = maxAbsDiff(first(norm.apply(x, "training")), first(norm.apply(mixed, "training")));
    expect(inTraining).toBeGreaterThan(0.1);
    expect(maxAbsDiff(first(norm.apply(x)), first(norm.apply(mixed)))).toBe(0);
  });

  it("trains with an optimizer, and tf.memory().numTensors stays flat", () => {
    const norm = new BatchNorm({ dims });
    const x = tokens();
    const target = small<tf.Tensor3D>(new Random(8), [batch, steps, dims], 1);
    const optimizer = tf.train.adam(0.05);
    const trainStep = (): number => {
      const loss = optimizer.minimize(
        () => tf.losses.meanSquaredError<tf.Tensor, tf.Scalar>(target, norm.apply(x, "training")),
        true,
        norm.weights,
      )!;
      const value = loss.dataSync()[0];
      loss.dispose();
      return value;
    };
    const first = trainStep();
    trainStep(); // the optimizer allocates its slots on the first steps
    const before = tf.memory().numTensors;
    let last = first;
    for (let i = 0; i < 20; i++) last = trainStep();
    expect(tf.memory().numTensors).toBe(before);
    expect(last).toBeLessThan(first);
    tf.tidy(() => {
      norm.apply(x);
    });
    expect(tf.memory().numTensors).toBe(before);
    optimizer.dispose();
    norm.dispose();
  });
});
