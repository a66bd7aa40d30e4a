import * as tf from "@tensorflow/tfjs";
import { Random, crossEntropy, flatAdam, gruCell } from "seqlab";

/** The `gru-step` workload's sizes (issue "Native speed"), mirrored in pytorch_workloads.py. */
export const GRU_STEP = { vocab: 14, embedding: 128, steps: 6, batch: 64, hidden: 128, learningRate: 0.01 } as const;

/**
 * One training step of: embedding (vocab 14, dim 128) → the kit's GRU over 6 steps (batch 64,
 * hidden 128; the cell its encoders train, `gruCell`) → dense to 14, softmax cross-entropy on the
 * last state against class ids (the kit's `crossEntropy`, as PyTorch's `F.cross_entropy`), Adam
 * lr 0.01 (the kit's `flatAdam`), always the same batch. Returns the step; it reads nothing back to JS but the loss at the end.
 */
export function gruStepWorkload(): () => Promise<void> {
  const { vocab, embedding, steps, batch, hidden, learningRate } = GRU_STEP;
  const random = new Random(1);
  // [vocab, embedding]: one row per character (a one-hot matmul, so its gradient runs on every backend)
  const E = tf.variable(random.uniform([vocab, embedding], -0.05, 0.05));
  const gru = gruCell({ inputSize: embedding, hiddenSize: hidden, random });
  // [hidden, vocab] and [vocab]: the output layer
  const Wy = tf.variable(random.glorot(hidden, vocab));
  const by = tf.variable(tf.zeros([vocab]));
  // [batch, steps] ids and [batch] targets, fixed
  const ids = tf.tensor2d(
    Array.from({ length: batch * steps }, () => random.int(vocab)),
    [batch, steps],
    "int32",
  );
  const targets = tf.tensor1d(
    Array.from({ length: batch }, () => random.int(vocab)),
    "int32",
  );
  const optimizer = flatAdam(learningRate);
  const variables = [E, ...gru.weights, Wy, by];

  return async () => {
    const loss = optimizer.minimize(
      () => {
        // [batch, steps, embedding]
        const xs = tf
          .oneHot(ids, vocab, 1, 0, "float32")
          .reshape([batch * steps, vocab])
          .matMul(E)
          .reshape<tf.Tensor3D>([batch, steps, embedding]);
        const [, hLast] = gru.unroll(xs);
        // [batch, vocab]
        const logits = hLast.matMul(Wy).add<tf.Tensor2D>(by);
        return crossEntropy(logits, targets);
      },
      true,
      variables,
    );
    await loss?.data();
    loss?.dispose();
  };
}
