// The kit's answers to the exercises of notebooks/01-sequence-tasks.ipynb: each section below is the whole
// source of one exercise cell (`npm run exercises -- --solutions` puts them in). Try first.

// exercise: last-step
function lastStep(h: tf.Tensor3D): tf.Tensor2D {
  const [batch, steps, hidden] = h.shape;
  return h.slice([0, steps - 1, 0], [batch, 1, hidden]).reshape([batch, hidden]);
}

// exercise: batch-size
function sentenceBatch(): { shape: number[]; numbers: number } {
  return { shape: [32, 10, 50], numbers: 32 * 10 * 50 };
}
