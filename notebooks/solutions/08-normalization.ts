// The kit's answers to the exercises of notebooks/08-normalization.ipynb: each section below is the whole
// source of one exercise cell (`npm run exercises -- --solutions` puts them in). Try first.

// exercise: layer-norm
function myLayerNorm(x: tf.Tensor3D, epsilon: number): tf.Tensor3D {
  const { mean, variance } = tf.moments(x, 2, true);
  return x.sub(mean).div(variance.add(epsilon).sqrt()) as tf.Tensor3D;
}

// exercise: batch-norm-axes
function batchNormAxes(): number[] {
  // every example and every position: one mean per feature
  return [0, 1];
}
