import * as tf from "@tensorflow/tfjs";

/**
 * The cross-entropy of a predicted sequence, averaged over the positions that count:
 *
 *   loss = Σ_{b,t} m_{b,t} · −log softmax(logits_{b,t})[y_{b,t}]  /  Σ_{b,t} m_{b,t}
 *
 * logits [batch, steps, vocab], targets y (ids) [batch, steps], mask m [batch, steps] with 1
 * where the position counts and 0 where it is padding (default: every position counts). This is
 * PyTorch's `CrossEntropyLoss` (the seeds' `NLLLoss` after `LogSoftmax`) with padded positions
 * left out. Introduced in 05-seq2seq.
 */
export function sequenceLoss(logits: tf.Tensor3D, targets: tf.Tensor2D, mask?: tf.Tensor2D): tf.Scalar {
  const vocab = logits.shape[2];
  return tf.tidy(() => {
    // −log p(y_{b,t})   [batch, steps]
    const nll = tf
      .oneHot(targets.dtype === "int32" ? targets : targets.toInt(), vocab)
      .toFloat()
      .mul(tf.logSoftmax(logits))
      .sum(2)
      .neg();
    if (mask === undefined) return nll.mean<tf.Scalar>();
    const m = mask.toFloat();
    return nll.mul(m).sum().div<tf.Scalar>(m.sum());
  });
}
