// The kit's answers to the exercises of notebooks/07-residual.ipynb: each section below is the whole
// source of one exercise cell (`npm run exercises -- --solutions` puts them in). Try first.

// exercise: residual-block
function residualBlock(x: tf.Tensor2D, W: tf.Tensor2D, b: tf.Tensor1D): tf.Tensor2D {
  return tf.tanh(x.matMul(W).add(b)).add(x) as tf.Tensor2D;
}

// exercise: shortcut-gradient
function largerInputGradient(): "with" | "without" {
  // the shortcut adds the identity to every layer's Jacobian: the gradient no longer has to pass through 20 tanh layers
  return "with";
}
