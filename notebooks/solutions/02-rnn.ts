// The kit's answers to the exercises of notebooks/02-rnn.ipynb: each section below is the whole
// source of one exercise cell (`npm run exercises -- --solutions` puts them in). Try first.

// exercise: rnn-step
function myRnnStep(x: tf.Tensor2D, hPrev: tf.Tensor2D, Wxh: tf.Tensor2D, Whh: tf.Tensor2D, bh: tf.Tensor1D): tf.Tensor2D {
  return tf.tanh(x.matMul(Wxh).add(hPrev.matMul(Whh)).add(bh)) as tf.Tensor2D;
}

// exercise: vanishing
function gradientThrough20Steps(): "larger" | "smaller" {
  // each step multiplies the gradient by 0.5 and by tanh' ≤ 1: fifteen more steps shrink it
  return "smaller";
}
