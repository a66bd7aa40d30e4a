import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { requireTensorFlowBackend } from "../tensorflow_backend";
import { softmaxCrossEntropyRows } from "../../lib/src/kernels/softmax_cross_entropy";
import { Random } from "../../lib/src/random";
import { sequenceLoss } from "../../lib/src/seq2seq/loss";

requireTensorFlowBackend();

/** Random logits [rows, classes], one-hot targets and a weight per row, to make a scalar loss. */
function example(rows: number, classes: number) {
  const random = new Random(5);
  const logits = random.uniform([rows, classes], -4, 4) as tf.Tensor2D;
  const ids = Array.from({ length: rows }, () => random.int(classes));
  const targets = tf.oneHot(tf.tensor1d(ids, "int32"), classes, 1, 0, "float32") as tf.Tensor2D;
  const rowWeights = random.uniform([rows], 0.5, 2) as tf.Tensor1D;
  return { logits, targets, rowWeights };
}

/** The formula: −Σ_c targets_c · log softmax(logits)_c for each row. */
function formula(logits: tf.Tensor2D, targets: tf.Tensor2D): tf.Tensor1D {
  return targets.mul(tf.logSoftmax(logits)).sum<tf.Tensor1D>(1).neg();
}

const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => a.sub(b).abs().max().dataSync()[0]);

describe("softmaxCrossEntropyRows (TensorFlow's SoftmaxCrossEntropyWithLogits)", () => {
  it("equals the formula, per row and in the gradient of a weighted sum of rows", () => {
    const { logits, targets, rowWeights } = example(7, 5);
    expect(maxAbsDiff(softmaxCrossEntropyRows(logits, targets), formula(logits, targets))).toBeLessThan(1e-5);
    const weighted = (f: (x: tf.Tensor2D) => tf.Tensor1D) =>
      tf.grad((x: tf.Tensor) =>
        f(x as tf.Tensor2D)
          .mul(rowWeights)
          .sum(),
      )(logits);
    const fused = weighted((x) => softmaxCrossEntropyRows(x, targets));
    const reference = weighted((x) => formula(x, targets));
    expect(maxAbsDiff(fused, reference)).toBeLessThan(1e-5);
    // the gradient is not trivially zero or the same in every row
    expect(reference.abs().max().dataSync()[0]).toBeGreaterThan(0.1);
  });

  it("leaks no tensors, in the forward pass or in a gradient", () => {
    const { logits, targets } = example(4, 3);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      softmaxCrossEntropyRows(logits, targets);
    });
    tf.tidy(() => {
      tf.grad((x: tf.Tensor) => softmaxCrossEntropyRows(x as tf.Tensor2D, targets).sum())(logits);
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("sequenceLoss on the tensorflow backend (the fused op)", () => {
  it("equals the masked mean of the formula's losses, and so do the gradients", () => {
    const random = new Random(9);
    const [batch, steps, vocab] = [3, 4, 6];
    const logits = random.uniform([batch, steps, vocab], -3, 3) as tf.Tensor3D;
    const ids = tf.tensor2d(
      Array.from({ length: batch * steps }, () => random.int(vocab)),
      [batch, steps],
      "int32",
    );
    const mask = tf.tensor2d([
      [1, 1, 1, 0],
      [1, 1, 0, 0],
      [1, 1, 1, 1],
    ]);
    const byFormula = (x: tf.Tensor3D) => {
      const nll = tf.oneHot(ids, vocab, 1, 0, "float32").mul(tf.logSoftmax(x)).sum(2).neg();
      return nll.mul(mask).sum().div<tf.Scalar>(mask.sum());
    };
    expect(maxAbsDiff(sequenceLoss(logits, ids, mask), byFormula(logits))).toBeLessThan(1e-6);
    const fused = tf.grad((x: tf.Tensor) => sequenceLoss(x as tf.Tensor3D, ids, mask))(logits);
    const reference = tf.grad((x: tf.Tensor) => byFormula(x as tf.Tensor3D))(logits);
    expect(maxAbsDiff(fused, reference)).toBeLessThan(1e-6);
    // masked positions get no gradient
    expect(fused.slice([1, 2, 0], [1, 2, vocab]).abs().max().dataSync()[0]).toBe(0);
  });
});
