import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../lib/src/backend";
import { Random } from "../../lib/src/random";
import { crossEntropy, sequenceLoss } from "../../lib/src/seq2seq/loss";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** Random logits [batch, steps, vocab] and target ids [batch, steps]. */
function example(batch: number, steps: number, vocab: number) {
  const random = new Random(11);
  const logits = random.uniform([batch, steps, vocab], -3, 3) as tf.Tensor3D;
  const targets = tf.tensor2d(
    Array.from({ length: batch * steps }, () => random.int(vocab)),
    [batch, steps],
    "int32",
  );
  return { logits, targets, vocab };
}

describe("sequenceLoss", () => {
  it("without a mask equals tf.losses.softmaxCrossEntropy over every position", () => {
    const { logits, targets, vocab } = example(3, 4, 5);
    const reference = tf.losses.softmaxCrossEntropy(tf.oneHot(targets, vocab).toFloat(), logits);
    expect(Math.abs(sequenceLoss(logits, targets).dataSync()[0] - reference.dataSync()[0])).toBeLessThan(1e-6);
  });

  it("with a mask averages over the unmasked positions only", () => {
    const { logits, targets, vocab } = example(2, 3, 4);
    const mask = tf.tensor2d([
      [1, 1, 0],
      [1, 0, 0],
    ]);
    // the three positions that count, by hand: −log softmax(logits)[y]
    const logProbabilities = tf.logSoftmax(logits).arraySync();
    const ids = targets.arraySync();
    const counted = [
      [0, 0],
      [0, 1],
      [1, 0],
    ].map(([b, t]) => -logProbabilities[b][t][ids[b][t]]);
    const expected = counted.reduce((a, b) => a + b, 0) / counted.length;
    expect(Math.abs(sequenceLoss(logits, targets, mask).dataSync()[0] - expected)).toBeLessThan(1e-6);
    // a masked position's logits change nothing
    const bump = tf
      .oneHot(
        tf.tensor2d(
          [
            [0, 0, 3],
            [0, 2, 1],
          ],
          undefined,
          "int32",
        ),
        vocab,
      )
      .mul(50)
      .mul(tf.sub(1, mask).expandDims(2));
    const changed = logits.add<tf.Tensor3D>(bump);
    expect(Math.abs(sequenceLoss(changed, targets, mask).dataSync()[0] - expected)).toBeLessThan(1e-5);
  });
});

// cpu: the formula; tensorflow: the fused SoftmaxCrossEntropyWithLogits
describe.each(["cpu", "tensorflow"])("crossEntropy on the %s backend", (backend) => {
  beforeAll(async () => {
    // loads tfjs-node, so that both backends can be set
    await selectBackend();
    await tf.setBackend(backend);
  });

  it("equals tf.losses.softmaxCrossEntropy with one-hot targets, value and gradient", () => {
    const random = new Random(12);
    const logits = random.uniform([6, 5], -3, 3) as tf.Tensor2D;
    const ids = tf.tensor1d([0, 4, 2, 2, 1, 3], "int32");
    const oneHot = tf.oneHot(ids, 5).toFloat();
    const [ours, theirs] = [
      (x: tf.Tensor) => crossEntropy(x as tf.Tensor2D, ids),
      (x: tf.Tensor) => tf.losses.softmaxCrossEntropy(oneHot, x),
    ];
    expect(Math.abs(ours(logits).dataSync()[0] - theirs(logits).dataSync()[0])).toBeLessThan(1e-6);
    const gap = tf.grad(ours)(logits).sub(tf.grad(theirs)(logits)).abs().max().dataSync()[0];
    expect(gap).toBeLessThan(1e-6);
  });
});
