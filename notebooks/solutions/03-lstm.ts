// The kit's answers to the exercises of notebooks/03-lstm.ipynb: each section below is the whole
// source of one exercise cell (`npm run exercises -- --solutions` puts them in). Try first.

// exercise: lstm-step
function myLstmStep(x: tf.Tensor2D, hPrev: tf.Tensor2D, cPrev: tf.Tensor2D, W: tf.Tensor2D, U: tf.Tensor2D, b: tf.Tensor1D): [h: tf.Tensor2D, c: tf.Tensor2D] {
  const [i, f, cTilde, o] = tf.split(x.matMul(W).add(hPrev.matMul(U)).add(b), 4, 1) as tf.Tensor2D[];
  const c = tf.sigmoid(f).mul(cPrev).add(tf.sigmoid(i).mul(tf.tanh(cTilde))) as tf.Tensor2D;
  const h = tf.sigmoid(o).mul(tf.tanh(c)) as tf.Tensor2D;
  return [h, c];
}

// exercise: forget-bias
function initialForgetGate(): number {
  // σ(1) = 1 / (1 + e^{-1})
  return 1 / (1 + Math.exp(-1));
}
