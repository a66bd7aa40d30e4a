import * as tf from "@tensorflow/tfjs";
import { softmaxCrossEntropyRows } from "../kernels/softmax_cross_entropy";
import { hasTensorFlowOps } from "../kernels/tensorflow_ops";

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
  return tf.tidy(() => {
    // −log p(y_{b,t})   [batch, steps]
    const nll = negativeLogLikelihoods(logits, targets.dtype === "int32" ? targets : targets.toInt());
    if (mask === undefined) return nll.mean<tf.Scalar>();
    const m = mask.toFloat();
    return nll.mul(m).sum().div<tf.Scalar>(m.sum());
  });
}

/**
 * The mean cross-entropy of class scores, logits [batch, classes] against target ids [batch]:
 *
 *   loss = (1/batch) Σ_b −log softmax(logits_b)[y_b]
 *
 * PyTorch's `F.cross_entropy`; `tf.losses.softmaxCrossEntropy` with one-hot targets gives the same
 * number. On the `tensorflow` backend one fused op forward and its saved gradient backward, where
 * `tf.losses.softmaxCrossEntropy` runs about fifteen ops (measured on the 2-core VM, logits
 * [64, 14], forward and backward: 206–260 µs against 485–545 µs).
 */
export function crossEntropy(logits: tf.Tensor2D, targets: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => rowLosses(logits, targets.dtype === "int32" ? targets : targets.toInt()).mean<tf.Scalar>());
}

/**
 * −log softmax(logits_{b,t})[y_{b,t}] for every position: logits [batch, steps, vocab], ids
 * [batch, steps] → [batch, steps].
 */
function negativeLogLikelihoods(logits: tf.Tensor3D, ids: tf.Tensor2D): tf.Tensor2D {
  const [batch, steps, vocab] = logits.shape;
  // one row per position   [batch · steps, vocab] → [batch · steps]
  const losses = rowLosses(logits.reshape([batch * steps, vocab]), ids.reshape([batch * steps]));
  return losses.reshape<tf.Tensor2D>([batch, steps]);
}

/**
 * −log softmax(logits_r)[y_r] for each row: logits [rows, classes], ids [rows] → [rows]. On the
 * `tensorflow` backend one fused op over all rows (the same numbers to float rounding,
 * test/seq2seq/loss.test.ts); elsewhere the formula.
 */
function rowLosses(logits: tf.Tensor2D, ids: tf.Tensor1D): tf.Tensor1D {
  const targets = tf.oneHot(ids, logits.shape[1], 1, 0, "float32") as tf.Tensor2D;
  if (hasTensorFlowOps()) return softmaxCrossEntropyRows(logits, targets);
  return targets.mul(tf.logSoftmax(logits)).sum<tf.Tensor1D>(1).neg();
}
