// The kit's answers to the exercises of notebooks/05-seq2seq.ipynb: each section below is the whole
// source of one exercise cell (`npm run exercises -- --solutions` puts them in). Try first.

// exercise: decoder-inputs
function decoderInputs(target: tf.Tensor2D, startId: number): tf.Tensor2D {
  const [batch, steps] = target.shape;
  const start = tf.fill([batch, 1], startId, "int32");
  return tf.concat([start, target.slice([0, 0], [batch, steps - 1])], 1) as tf.Tensor2D;
}

// exercise: greedy-choice
function nextIds(logits: tf.Tensor2D): tf.Tensor1D {
  return logits.argMax(1);
}
