// The kit's answers to the exercises of notebooks/09-transformer.ipynb: each section below is the whole
// source of one exercise cell (`npm run exercises -- --solutions` puts them in). Try first.

// exercise: split-heads
function splitHeads(x: tf.Tensor3D, heads: number): tf.Tensor4D {
  const [batch, steps, modelSize] = x.shape;
  return x.reshape([batch, steps, heads, modelSize / heads]).transpose([0, 2, 1, 3]);
}

// exercise: causal-mask
function causalMask(steps: number): tf.Tensor2D {
  return tf.linalg.bandPart(tf.ones([steps, steps]), -1, 0) as tf.Tensor2D;
}
