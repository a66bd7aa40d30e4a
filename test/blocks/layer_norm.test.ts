import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { LayerNorm } from "../../lib/src/blocks/layer_norm";
import { Random } from "../../lib/src/random";
import { TOLERANCE, layerVariables, maxAbsDiff, small, weightedSum } from "../cells/reference";

const batch = 3;
const steps = 4;
const dims = 5;

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** A LayerNorm with non-trivial γ and β, and tf.layers.layerNormalization holding the same weights. */
function normAndReference(shape: readonly number[], epsilon?: number): { norm: LayerNorm; layer: tf.layers.Layer } {
  const random = new Random(3);
  const norm = new LayerNorm(epsilon === undefined ? { dims } : { dims, epsilon });
  norm.gamma.assign(tf.tidy(() => small<tf.Tensor1D>(random, [dims]).add(1)));
  norm.beta.assign(small(random, [dims]));
  const layer = tf.layers.layerNormalization(epsilon === undefined ? {} : { epsilon });
  // builds its weights (and fixes its input rank)
  tf.tidy(() => {
    layer.apply(tf.zeros([...shape]));
  });
  // tfjs's weight order is [gamma, beta], the same as LayerNorm.weights.
  layer.setWeights(norm.weights);
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

describe("LayerNorm", () => {
  it("has the documented defaults, shapes and types", () => {
    const norm = new LayerNorm({ dims });
    expect(norm.epsilon).toBe(1e-3);
    expect(Array.from(norm.gamma.dataSync())).toEqual([1, 1, 1, 1, 1]);
    expect(Array.from(norm.beta.dataSync())).toEqual([0, 0, 0, 0, 0]);
    expect(norm.weights.every((w) => w.trainable)).toBe(true);
    expectTypeOf(norm.apply<tf.Tensor3D>).returns.toEqualTypeOf<tf.Tensor3D>();
    expectTypeOf(norm.apply<tf.Tensor2D>).returns.toEqualTypeOf<tf.Tensor2D>();
    const y = norm.apply(tf.zeros<tf.Rank.R3>([batch, steps, dims]));
    expect(y.shape).toEqual([batch, steps, dims]);
    expect(() => norm.apply(tf.zeros<tf.Rank.R2>([batch, dims + 1]))).toThrow(/6 features/);
    norm.dispose();
  });

  it("gives every token's vector mean 0 and variance σ²/(σ² + ε) before γ and β", () => {
    const norm = new LayerNorm({ dims });
    const x = tokens();
    const y = norm.apply(x);
    const mean = y.mean(-1);
    expect(mean.abs().max().dataSync()[0]).toBeLessThan(1e-5);
    const sigma2 = tf.moments(x, -1).variance;
    const expected = sigma2.div(sigma2.add(1e-3));
    expect(maxAbsDiff(y.square().mean(-1), expected)).toBeLessThan(1e-5);
  });

  for (const [name, shape] of [
    ["[batch, dims]", [batch * steps, dims]],
    ["[batch, steps, dims]", [batch, steps, dims]],
  ] as const) {
    it(`equals tf.layers.layerNormalization on ${name}, forward`, () => {
      for (const epsilon of [undefined, 1e-5]) {
        const { norm, layer } = normAndReference(shape, epsilon);
        const x = tokens().reshape<tf.Tensor2D | tf.Tensor3D>([...shape]);
        expect(maxAbsDiff(norm.apply(x), layer.apply(x) as tf.Tensor)).toBeLessThan(TOLERANCE);
      }
    });
  }

  it("equals tf.layers.layerNormalization in gradients with respect to x, γ and β", () => {
    const { norm, layer } = normAndReference([batch, steps, dims]);
    const x = tokens();
    const lossWeights = small<tf.Tensor3D>(new Random(5), [batch, steps, dims], 1);
    const ours = (input: tf.Tensor) => weightedSum(norm.apply(input as tf.Tensor3D), lossWeights);
    const theirs = (input: tf.Tensor) => weightedSum(layer.apply(input) as tf.Tensor, lossWeights);

    expect(maxAbsDiff(tf.grad(ours)(x), tf.grad(theirs)(x))).toBeLessThan(TOLERANCE);

    const oursByWeight = tf.variableGrads(() => ours(x), norm.weights);
    const referenceVariables = layerVariables(layer);
    const theirsByWeight = tf.variableGrads(() => theirs(x), referenceVariables);
    expect(maxAbsDiff(oursByWeight.value, theirsByWeight.value)).toBeLessThan(TOLERANCE);
    norm.weights.forEach((w, k) => {
      expect(maxAbsDiff(oursByWeight.grads[w.name], theirsByWeight.grads[referenceVariables[k].name])).toBeLessThan(TOLERANCE);
    });
  });

  it("normalizes one sample the same whatever the rest of its batch holds", () => {
    const { norm } = normAndReference([batch, steps, dims]);
    const x = tokens();
    const other = tokens(99);
    // sentence 0 kept, sentences 1 and 2 replaced
    const mixed = tf.concat([x.slice([0, 0, 0], [1, steps, dims]), other.slice([1, 0, 0], [batch - 1, steps, dims])]);
    const first = (y: tf.Tensor) => y.slice([0, 0, 0], [1, steps, dims]);
    expect(maxAbsDiff(first(norm.apply(x)), first(norm.apply(mixed)))).toBe(0);
    // and alone, in a batch of one
    expect(maxAbsDiff(first(norm.apply(x)), norm.apply(first(x) as tf.Tensor3D))).toBe(0);
  });

  it("trains with an optimizer, and tf.memory().numTensors stays flat", () => {
    const norm = new LayerNorm({ dims });
    const x = tokens();
    const target = small<tf.Tensor3D>(new Random(8), [batch, steps, dims], 1);
    const optimizer = tf.train.adam(0.05);
    const trainStep = (): number => {
      const loss = optimizer.minimize(() => tf.losses.meanSquaredError<tf.Tensor, tf.Scalar>(target, norm.apply(x)), true, norm.weights)!;
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
