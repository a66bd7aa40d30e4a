import * as tf from "@tensorflow/tfjs";

/**
 * `tf.unstack(x, axis)`, with a gradient also when the axis has length 1. tfjs 4.22's gradient of
 * Unpack fails then ("Argument tensors passed to stack must be a `Tensor[]`"): an op with one
 * output hands its gradient one tensor where Unpack's expects a list. A sequence of one step
 * (a one-letter word) is unstacked by squeezing the axis instead.
 */
export function unstackSteps<T extends tf.Tensor>(x: tf.Tensor, axis = 0): T[] {
  return x.shape[axis] === 1 ? [tf.squeeze<T>(x, [axis])] : (tf.unstack(x, axis) as T[]);
}
