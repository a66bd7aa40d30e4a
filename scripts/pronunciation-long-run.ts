/**
 * Trains notebook 10's two pronunciation models (GRU + additive attention, Transformer) for longer
 * than the notebook can, on the same split and batches: its learning rate for the first three
 * quarters of the time, a tenth of it (a fresh Adam) for the last quarter. Then it prints their word and phoneme error
 * rates on the 12,000 test words and writes them to notebooks/results/10-pronunciation-long-run.json,
 * which the notebook reads.
 *
 *   npm run g2p                      10 minutes per model
 *   npm run g2p -- --minutes 2       2 minutes per model
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as tf from "@tensorflow/tfjs";
import {
  attentionDecoder,
  bidirectionalEncoder,
  errorRates,
  flatAdam,
  pronunciationBatches,
  pronunciationPairs,
  pronunciationSplit,
  pronunciationVocab,
  Random,
  selectBackend,
  Seq2Seq,
  transcribe,
  transformerDecoder,
  transformerEncoder,
} from "seqlab";
import { runAsProcess } from "./command_line";

const USAGE = "usage: npm run g2p -- [--minutes M]   (M minutes of training per model, default 10)";
const resultFile = path.join(__dirname, "..", "notebooks", "results", "10-pronunciation-long-run.json");

/** The notebook's two models, with the learning rates it trains them at. */
const MODELS = [
  {
    name: "GRU + additive attention",
    learningRate: 0.003,
    make: () =>
      new Seq2Seq({
        vocab: pronunciationVocab,
        start: "{",
        end: "}",
        pad: "_",
        hiddenSize: 128,
        embeddingSize: 32,
        seed: 1,
        encoder: bidirectionalEncoder,
        decoder: attentionDecoder(),
      }),
  },
  {
    name: "Transformer, 2+2 layers",
    learningRate: 0.002,
    make: () => {
      const options = { heads: 4, feedForwardSize: 192, norm: "pre" as const };
      return new Seq2Seq({
        vocab: pronunciationVocab,
        start: "{",
        end: "}",
        pad: "_",
        hiddenSize: 96,
        layers: 2,
        seed: 1,
        encoder: transformerEncoder(options),
        decoder: transformerDecoder(options),
      });
    },
  },
];

function parseMinutes(args: readonly string[]): number {
  if (args.length === 0) return 10;
  const minutes = Number(args[1]);
  if (args.length !== 2 || args[0] !== "--minutes" || !(minutes > 0) || !Number.isFinite(minutes)) throw new Error(USAGE);
  return minutes;
}

async function main(): Promise<number> {
  let minutes: number;
  try {
    minutes = parseMinutes(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  await selectBackend();
  const trainWords = pronunciationSplit("train");
  const testWords = pronunciationSplit("test");
  const results = [];
  for (const { name, learningRate, make } of MODELS) {
    const model = make();
    const coarse = flatAdam(learningRate);
    const fine = flatAdam(learningRate / 10);
    const nextBatch = pronunciationBatches(trainWords, new Random(2));
    const start = performance.now();
    let steps = 0;
    while (performance.now() - start < minutes * 60_000) {
      const optimizer = performance.now() - start < minutes * 45_000 ? coarse : fine;
      const lossTensor = tf.tidy(() => {
        const batch = model.batch(pronunciationPairs(nextBatch()));
        return optimizer.minimize(() => model.loss(batch), true, model.weights)!;
      });
      steps++;
      if (steps % 100 === 0) {
        const loss = lossTensor.dataSync()[0];
        process.stderr.write(
          `\r${name}: step ${steps}, loss ${loss.toFixed(3)}, ${((performance.now() - start) / 1000).toFixed(0)} of ${minutes * 60} s`,
        );
      }
      lossTensor.dispose();
    }
    const seconds = (performance.now() - start) / 1000;
    coarse.dispose();
    fine.dispose();
    const rates = errorRates(
      transcribe(
        model,
        testWords.map((w) => w.word),
      ),
      testWords.map((w) => w.pronunciations),
    );
    model.dispose();
    process.stderr.write("\n");
    console.log(
      `${name}: ${steps} steps in ${seconds.toFixed(0)} s; test WER ${(100 * rates.wordErrorRate).toFixed(1)}%, PER ${(100 * rates.phonemeErrorRate).toFixed(1)}% (${testWords.length} words)`,
    );
    results.push({ name, steps, seconds, ...rates });
  }
  const record = {
    command: `npm run g2p -- --minutes ${minutes}`,
    date: new Date().toISOString().slice(0, 10),
    cpu: `${os.cpus().length} × ${os.cpus()[0]?.model ?? "unknown CPU"}`,
    models: results,
  };
  // written whole at the end, through a temporary file, so a run stopped early leaves the last record as it was
  fs.mkdirSync(path.dirname(resultFile), { recursive: true });
  fs.writeFileSync(`${resultFile}.tmp`, `${JSON.stringify(record, null, 2)}\n`);
  fs.renameSync(`${resultFile}.tmp`, resultFile);
  console.log(`wrote ${path.relative(process.cwd(), resultFile)}`);
  return 0;
}

runAsProcess(main);
