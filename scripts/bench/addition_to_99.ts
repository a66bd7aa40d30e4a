import * as tf from "@tensorflow/tfjs";
import { Random, additionSplit, attentionDecoder, flatAdam } from "seqlab";
import { SEQ2SEQ_STEP, additionSeq2Seq } from "./seq2seq_step";

/** The `addition-to-99` target: greedy exact match on the held-out problems, how often it is measured, and a cap. */
export const ADDITION_TO_99 = { target: 0.99, evaluateEvery: 100, maxSteps: 20_000 } as const;

/**
 * `addition-to-99`: time to accuracy. Trains the `seq2seq-attn-step` model (same sizes, Adam
 * lr 0.005, batch 64) on fresh random batches of the 9000 training problems until greedy decoding
 * gets at least 99% of the 1000 held-out problems exactly right, measured every 100 steps.
 * Reports the wall-clock seconds (evaluations included) and the optimizer steps it took.
 */
export async function additionTo99Workload(): Promise<Record<string, number | boolean>> {
  const { target, evaluateEvery, maxSteps } = ADDITION_TO_99;
  const { train, heldOut } = additionSplit({ heldOut: 1000, seed: 0 });
  const model = additionSeq2Seq(attentionDecoder());
  const optimizer = flatAdam(SEQ2SEQ_STEP.learningRate);
  const random = new Random(2);
  const heldOutSources = heldOut.map((p) => p.source);
  const answers = heldOut.map((p) => p.target.slice(0, -1));
  const start = performance.now();
  let exactMatch = 0;
  let steps = 0;
  while (steps < maxSteps && exactMatch < target) {
    const batch = model.batch(Array.from({ length: SEQ2SEQ_STEP.batch }, () => random.pick(train)));
    tf.dispose([optimizer.minimize(() => model.loss(batch), true, model.weights) as tf.Scalar, batch.source, batch.target]);
    steps++;
    if (steps % evaluateEvery === 0) {
      const outputs = model.translate(heldOutSources);
      exactMatch = outputs.filter((out, i) => out === answers[i]).length / answers.length;
      process.stderr.write(`addition-to-99: step ${steps}, held-out exact match ${exactMatch.toFixed(3)}\n`);
    }
  }
  const seconds = (performance.now() - start) / 1000;
  model.dispose();
  optimizer.dispose();
  return { seconds: Number(seconds.toFixed(2)), steps, exact_match: exactMatch, reached: exactMatch >= target };
}
