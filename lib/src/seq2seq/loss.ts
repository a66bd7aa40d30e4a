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
 * −log softmax(logits_{b,t})[y_{b,t}] for every position: logits [batch, steps, vocab], ids
 * [batch, steps] → [batch, steps]. On the `tensorflow` backend one fused op over all positions
 * (the same numbers to float rounding, test/seq2seq/loss.test.ts); elsewhere the formula.
 */
function negativeLogLikelihoods(logits: tf.Tensor3D, ids: tf.Tensor2D): tf.Tensor2D {
  const [batch, steps, vocab] = logits.shape;
  if (hasTensorFlowOps()) {
    // one row per position   [batch · steps, vocab]
    const rows = logits.reshape<tf.Tensor2D>([batch * steps, vocab]);
    const targets = tf.oneHot(ids.reshape([batch * steps]), vocab, 1, 0, "float32") as tf.Tensor2D;
    return softmaxCrossEntropyRows(rows, targets).reshape<tf.Tensor2D>([batch, steps]);
  }
  return tf.oneHot(ids, vocab, 1, 0, "float32").mul(tf.logSoftmax(logits)).sum<tf.Tensor2D>(2).neg();
}
