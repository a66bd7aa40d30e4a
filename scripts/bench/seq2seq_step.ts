import { Random, Seq2Seq, additionSplit, additionVocab, flatAdam, type DecoderFactory } from "seqlab";

/** The seq2seq workloads' sizes (issue "Attention"): 2-digit addition in the seed's format, "12+34}" → "_46}". */
export const SEQ2SEQ_STEP = { batch: 64, hidden: 128, embedding: 128, learningRate: 0.005 } as const;

/**
 * The kit's GRU encoder–decoder for 2-digit addition (source 6 characters, target 4, vocabulary
 * "0123456789+_{}"), hidden 128, embedding 128, teacher forcing, with `decoder` plugged in
 * (default the plain decoder of 05-seq2seq).
 */
export function additionSeq2Seq(decoder?: DecoderFactory): Seq2Seq {
  const { hidden, embedding } = SEQ2SEQ_STEP;
  const config = { vocab: additionVocab, start: "{", end: "}", hiddenSize: hidden, embeddingSize: embedding, teacherForcing: 1, seed: 1 };
  return new Seq2Seq(decoder === undefined ? config : { ...config, decoder });
}

/**
 * One training step of `model` on a fixed batch of 64 training problems, Adam lr 0.005 (`flatAdam`). Returns
 * the step; it reads nothing back to JS but the loss at the end.
 */
export function fixedBatchStep(model: Seq2Seq): () => Promise<void> {
  const random = new Random(2);
  const { train } = additionSplit({ heldOut: 1000, seed: 0 });
  const batch = model.batch(Array.from({ length: SEQ2SEQ_STEP.batch }, () => random.pick(train)));
  const optimizer = flatAdam(SEQ2SEQ_STEP.learningRate);
  return async () => {
    const loss = optimizer.minimize(() => model.loss(batch), true, model.weights);
    await loss?.data();
    loss?.dispose();
  };
}

/** `seq2seq-step`: the plain encoder–decoder of 05-seq2seq (its decoder reads the encoder's last state as a fixed context). */
export function seq2seqStepWorkload(): () => Promise<void> {
  return fixedBatchStep(additionSeq2Seq());
}
