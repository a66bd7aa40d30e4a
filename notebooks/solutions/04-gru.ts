// The kit's answers to the exercises of notebooks/04-gru.ipynb: each section below is the whole
// source of one exercise cell (`npm run exercises -- --solutions` puts them in). Try first.

// exercise: gru-step
function myGruStep(x: tf.Tensor2D, hPrev: tf.Tensor2D, W: tf.Tensor2D, U: tf.Tensor2D, b: tf.Tensor1D): tf.Tensor2D {
  const [Wz, Wr, Wh] = tf.split(W, 3, 1) as tf.Tensor2D[];
  const [Uz, Ur, Uh] = tf.split(U, 3, 1) as tf.Tensor2D[];
  const [bz, br, bh] = tf.split(b, 3) as tf.Tensor1D[];
  const z = tf.sigmoid(x.matMul(Wz).add(hPrev.matMul(Uz)).add(bz));
  const r = tf.sigmoid(x.matMul(Wr).add(hPrev.matMul(Ur)).add(br));
  const hTilde = tf.tanh(x.matMul(Wh).add(r.mul(hPrev).matMul(Uh)).add(bh));
  return tf.sub(1, z).mul(hPrev).add(z.mul(hTilde)) as tf.Tensor2D;
}

// exercise: update-gate
function whenUpdateGateIsZero(): "previous" | "candidate" {
  // h_t = (1 − 0) ⊙ h_{t-1} + 0 ⊙ h̃_t
  return "previous";
}
