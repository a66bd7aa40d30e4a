import * as tf from "@tensorflow/tfjs";
import { runTensorFlowOp } from "./tensorflow_ops";

/**
 * −log softmax(logits)[y] for each row, by TensorFlow's fused SoftmaxCrossEntropyWithLogits:
 * logits [rows, classes] and the one-hot targets [rows, classes] → the losses [rows]. The op
 * also returns ∂loss/∂logits = softmax(logits) − targets, which the backward pass reuses, so a
 * training step spends one op here where the equations take about fifteen. Only on the
 * `tensorflow` backend; the targets get no gradient.
 */
export function softmaxCrossEntropyRows(logits: tf.Tensor2D, targets: tf.Tensor2D): tf.Tensor1D {
  const rowLosses = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const x = args[0] as tf.Tensor2D;
    const save = args[1] as tf.GradSaveFunc;
    const [losses, backprop] = runTensorFlowOp("SoftmaxCrossEntropyWithLogits", [x, targets], 2);
    save([backprop]);
    // ∂/∂logits = dy ⊙ (softmax − targets), one row per loss
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => saved[0].mul(dy.expandDims(1));
    return { value: losses as tf.Tensor1D, gradFunc };
  });
  return rowLosses(logits);
}
