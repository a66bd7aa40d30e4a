import * as tf from "@tensorflow/tfjs";

/** The padding id of the seq2seq tests' made-up vocabularies. */
export const PAD = 0;

/** Rows of character ids → ids [batch, steps] int32. */
export function ids(rows: number[][]): tf.Tensor2D {
  return tf.tensor2d(rows, undefined, "int32");
}

/** 1 where the id is a character, 0 where it is {@link PAD}   [batch, steps]. */
export function maskOf(source: tf.Tensor2D): tf.Tensor2D {
  return tf.notEqual(source, PAD).toFloat() as tf.Tensor2D;
}
