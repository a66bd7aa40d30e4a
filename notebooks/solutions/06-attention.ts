// The kit's answers to the exercises of notebooks/06-attention.ipynb: each section below is the whole
// source of one exercise cell (`npm run exercises -- --solutions` puts them in). Try first.

// exercise: masked-softmax
function softmaxWithMask(scores: tf.Tensor2D, mask: tf.Tensor2D): tf.Tensor2D {
  return tf.softmax(scores.add(tf.sub(1, mask).mul(-1e9))) as tf.Tensor2D;
}

// exercise: additive-scores
function additiveScores(s: tf.Tensor2D, h: tf.Tensor3D, Wh: tf.Tensor2D, Ws: tf.Tensor2D, b: tf.Tensor1D, v: tf.Tensor2D): tf.Tensor2D {
  const [batch, steps, key] = h.shape;
  // h_i W_h for every position   [batch, steps, attention]
  const keys = h.reshape([batch * steps, key]).matMul(Wh).reshape([batch, steps, -1]);
  // s W_s + b_a, one row per example, broadcast over the steps   [batch, 1, attention]
  const query = s.matMul(Ws).add(b).expandDims(1);
  const hidden = tf.tanh(keys.add(query)) as tf.Tensor3D;
  return hidden.reshape([batch * steps, -1]).matMul(v).reshape([batch, steps]);
}
