import * as tf from "@tensorflow/tfjs";
import { gruCell } from "../cells/fused_gru";
import type { CellFactory } from "../cells/recurrent_cell";
import type { Vocab } from "../data/vocab";
import type { Layer } from "../layer";
import { type Random, randomFrom, type Seeded } from "../random";
import { plainDecoder, type Decoder } from "./decoder";
import { DEFAULT_SIZES } from "./defaults";
import { leftToRightEncoder } from "./encoder";
import { sequenceLoss } from "./loss";
import type { DecoderFactory, SequenceDecoder } from "./sequence_decoder";
import type { EncoderFactory, SequenceEncoder } from "./sequence_encoder";

/** Everything that defines a {@link Seq2Seq} model; D is the decoder's type. */
export interface Seq2SeqConfig<D extends SequenceDecoder = SequenceDecoder> extends Seeded {
  /** The characters of sources and targets (one vocabulary for both, as in the seeds). Required. */
  vocab: Vocab;
  /** The character that starts decoding ("{" for addition, "S" for antonyms). Required. */
  start: string;
  /** The character that ends a target ("}" for addition, "E" for antonyms). Required. */
  end: string;
  /**
   * The padding character, when padding should be masked: the encoder keeps its state over
   * source positions that hold it, and target positions after the end token don't count in the
   * loss. Default: none, every position is a real one (the addition translator, where "_" is an
   * ordinary character, as in the seed).
   */
  pad?: string;
  /** Length of each character's embedding vector, in the encoder and in the decoder. Default 32. */
  embeddingSize?: number;
  /** Size of the encoder's and the decoder's hidden states. Default 64. */
  hiddenSize?: number;
  /** Stacked recurrent layers in the encoder and in the decoder. Default 1. */
  layers?: number;
  /** Makes each recurrent layer's cell, in the encoder and in the decoder (`lstmCell`, `simpleRNNCell`). Default {@link gruCell}. */
  cell?: CellFactory;
  /**
   * Makes the encoder. Default {@link leftToRightEncoder}; `bidirectionalEncoder` reads the
   * source in both directions (seed 000), its states 2·hidden wide, which the decoder's
   * attention reads (its `contextSize` is the encoder's `stateSize`).
   */
  encoder?: EncoderFactory;
  /**
   * Makes the decoder. Default {@link plainDecoder}, which only a model whose D the plain
   * {@link Decoder} is can leave out (see {@link DecoderChoice}); an attention decoder plugs in
   * here: `attentionDecoder()`.
   */
  decoder?: DecoderFactory<D>;
  /**
   * Teacher forcing ratio in training: the chance, drawn once per step for the whole batch, that
   * the decoder's next input is the true previous character rather than its own prediction.
   * 1 always feeds the truth, 0 always its own predictions. Default 1.
   */
  teacherForcing?: number;
  /** Most characters greedy decoding writes before giving up on the end token. Default 20. */
  maxOutputSteps?: number;
}

/** A source and its translation as strings, e.g. { source: "12+34}", target: "_46}" }. */
export interface TranslationPair {
  /** The text to translate, padded to the length of the other sources. */
  source: string;
  /** Its translation: the characters, the end token, then padding if any. */
  target: string;
}

/** Pairs as character ids: every source as long as the others, every target too. */
export interface TranslationBatch {
  /** [batch, sourceSteps] int32. */
  source: tf.Tensor2D;
  /** [batch, targetSteps] int32, each ending with the end token (then padding, if any). */
  target: tf.Tensor2D;
}

/**
 * What a {@link Seq2Seq}'s config must say about its decoder: nothing when the plain
 * {@link Decoder} is a D (D is `SequenceDecoder` or `Decoder`, and the default decoder then is
 * one); its factory otherwise, so `Seq2Seq<AttentionDecoder>` always holds an attention decoder.
 */
export type DecoderChoice<D extends SequenceDecoder> = Decoder extends D
  ? unknown
  : {
      /** Required: only a {@link Decoder} is made when no factory is given. */
      decoder: DecoderFactory<D>;
    };

/**
 * The encoder–decoder of the seeds: an {@link Encoder} reads the source, a decoder
 * ({@link Decoder} unless another is plugged in) writes the target one character at a time,
 * starting from the start token. Training feeds the decoder the true previous character
 * (teacher forcing) or its own prediction; translating is greedy decoding: at each step the
 * highest-scoring character, fed back in, until the end token. Introduced in 05-seq2seq.
 */
export class Seq2Seq<D extends SequenceDecoder = SequenceDecoder> implements Layer {
  /** The characters of sources and targets (`config.vocab`). */
  readonly vocab: Vocab;
  /** Reads the source, made by `config.encoder` (default {@link leftToRightEncoder}). */
  readonly encoder: SequenceEncoder;
  /** Writes the target, made by `config.decoder` (default {@link plainDecoder}). */
  readonly decoder: D;
  /** Id of the start token, the decoder's first input (`config.start`). */
  readonly startId: number;
  /** Id of the end token, where a target ends and greedy decoding stops (`config.end`). */
  readonly endId: number;
  /** Id of the padding character, masked out of the encoder and the loss; undefined without `config.pad`. */
  readonly padId: number | undefined;
  /** Chance in training that the decoder's next input is the true previous character, 0 to 1 (`config.teacherForcing`, default 1). */
  readonly teacherForcing: number;
  /** Most characters greedy decoding writes (`config.maxOutputSteps`, default 20). */
  readonly maxOutputSteps: number;
  private readonly random: Random;

  constructor(config: Seq2SeqConfig<D> & DecoderChoice<D>) {
    const random = randomFrom(config);
    const { vocab } = config;
    this.vocab = vocab;
    this.startId = vocab.id(config.start);
    this.endId = vocab.id(config.end);
    this.padId = config.pad === undefined ? undefined : vocab.id(config.pad);
    this.teacherForcing = config.teacherForcing ?? 1;
    this.maxOutputSteps = config.maxOutputSteps ?? 20;
    this.random = random;
    const sizes = {
      vocabSize: vocab.size,
      embeddingSize: config.embeddingSize ?? DEFAULT_SIZES.embeddingSize,
      hiddenSize: config.hiddenSize ?? DEFAULT_SIZES.hiddenSize,
      layers: config.layers ?? DEFAULT_SIZES.layers,
      cell: config.cell ?? gruCell,
      random,
    };
    this.encoder = (config.encoder ?? leftToRightEncoder)(sizes);
    const contextSize = this.encoder.stateSize;
    // Without a factory, DecoderChoice<D> has made sure that the plain Decoder is a D.
    const makeDecoder = config.decoder ?? (plainDecoder as DecoderFactory as DecoderFactory<D>);
    this.decoder = makeDecoder({ ...sizes, contextSize });
  }

  /** The trainable weights: the encoder's, then the decoder's. */
  get weights(): tf.Variable[] {
    return [...this.encoder.weights, ...this.decoder.weights];
  }

  /** Strings → id tensors. Every source must be as long as the others, every target too. */
  batch(pairs: readonly TranslationPair[]): TranslationBatch {
    return {
      source: this.ids(pairs.map((p) => p.source)),
      target: this.ids(pairs.map((p) => p.target)),
    };
  }

  /**
   * The decoder's scores for every target position: [batch, targetSteps, vocab]. Its input at
   * step t is the start token for t = 0, then (with chance `teacherForcing`, default the
   * config's) the true y_{t-1}, else its own prediction argmax logits_{t-1}. With
   * teacherForcing = 1 all inputs are known in advance and every layer is one unroll.
   */
  logits(batch: TranslationBatch, teacherForcing = this.teacherForcing): tf.Tensor3D {
    const [size, steps] = batch.target.shape;
    return tf.tidy(() => {
      const encoded = this.encoder.encode(batch.source, this.sourceMask(batch.source));
      let state = this.decoder.initialState(encoded);
      // [batch]: the start token
      const start = tf.fill<tf.Rank.R1>([size], this.startId, "int32");
      if (teacherForcing >= 1) {
        // y shifted right behind the start token: the decoder's input at every step   [batch, steps]
        const inputs = tf.concat([start.expandDims(1), batch.target.slice([0, 0], [size, steps - 1])], 1) as tf.Tensor2D;
        return this.decoder.forward(inputs, state, encoded);
      }
      // steps × [batch]: y_t
      const truths = tf.unstack(batch.target, 1) as tf.Tensor1D[];
      let previous = start;
      const logits: tf.Tensor2D[] = [];
      for (let t = 0; t < steps; t++) {
        // [batch, vocab]
        const [logitsT, next] = this.decoder.step(previous, state, encoded);
        logits.push(logitsT);
        state = next;
        // teacher forcing: the truth with chance `teacherForcing`, else the decoder's own guess
        previous = this.random.float() < teacherForcing ? truths[t] : logitsT.argMax<tf.Tensor1D>(1);
      }
      // [batch, steps, vocab]
      return tf.stack(logits, 1) as tf.Tensor3D;
    });
  }

  /** The cross-entropy of the targets under {@link logits}, padding left out (see `pad`). */
  loss(batch: TranslationBatch, teacherForcing = this.teacherForcing): tf.Scalar {
    return tf.tidy(() => sequenceLoss(this.logits(batch, teacherForcing), batch.target, this.targetMask(batch.target)));
  }

  /**
   * Greedy decoding: from the start token, the highest-scoring character at each step, fed back
   * in as the next input. A row stops at its end token (which is not returned); decoding stops
   * when every row has, or after `maxSteps` characters. Source ids [batch, steps] → each row's ids.
   * It reads each step's characters back to JavaScript to know when to stop (inference only).
   */
  greedyDecode(source: tf.Tensor2D, maxSteps = this.maxOutputSteps): number[][] {
    const size = source.shape[0];
    const rows: number[][] = Array.from({ length: size }, () => []);
    const done: boolean[] = new Array(size).fill(false);
    tf.tidy(() => {
      const encoded = this.encoder.encode(source, this.sourceMask(source));
      let state = this.decoder.initialState(encoded);
      // [batch]
      let previous = tf.fill<tf.Rank.R1>([size], this.startId, "int32");
      for (let t = 0; t < maxSteps && done.includes(false); t++) {
        const [logits, next] = this.decoder.step(previous, state, encoded);
        state = next;
        // ŷ_t = argmax logits_t   [batch]
        previous = logits.argMax<tf.Tensor1D>(1);
        for (const [b, id] of previous.dataSync().entries()) {
          if (done[b]) continue;
          if (id === this.endId) done[b] = true;
          else rows[b]?.push(id);
        }
      }
    });
    return rows;
  }

  /** Greedy translations of source strings (as long as each other), without the end token. */
  translate(sources: readonly string[], maxSteps = this.maxOutputSteps): string[] {
    const source = this.sourceIds(sources);
    const rows = this.greedyDecode(source, maxSteps);
    source.dispose();
    return rows.map((ids) => this.vocab.decode(ids));
  }

  /** Frees the weights. */
  dispose(): void {
    this.encoder.dispose();
    this.decoder.dispose();
  }

  /** Sources of one length → ids [sources, length] int32, what {@link greedyDecode} and the encoder read. */
  sourceIds(sources: readonly string[]): tf.Tensor2D {
    return this.ids(sources);
  }

  /** Strings of one length → ids [strings, length] int32. */
  private ids(texts: readonly string[]): tf.Tensor2D {
    const length = [...(texts[0] ?? "")].length;
    const bad = texts.find((text) => [...text].length !== length);
    if (bad !== undefined) throw new Error(`Seq2Seq: "${bad}" is not ${length} characters long like "${texts[0]}"; pad them to one length`);
    return tf.tensor2d(
      texts.flatMap((text) => this.vocab.encode(text)),
      [texts.length, length],
      "int32",
    );
  }

  /** 1 where the source holds a character, 0 where it holds padding   [batch, steps]; none without `pad`. What {@link logits} gives the encoder. */
  sourceMask(source: tf.Tensor2D): tf.Tensor2D | undefined {
    if (this.padId === undefined) return undefined;
    return tf.notEqual(source, this.padId).toFloat() as tf.Tensor2D;
  }

  /** 1 up to and including the first end token, 0 after it   [batch, steps]; none without `pad`. */
  private targetMask(target: tf.Tensor2D): tf.Tensor2D | undefined {
    if (this.padId === undefined) return undefined;
    return tf.tidy(() => {
      // how many end tokens come strictly before position t   [batch, steps]
      const endsBefore = tf.cumsum(tf.equal(target, this.endId).toInt(), 1, true);
      return tf.equal(endsBefore, 0).toFloat() as tf.Tensor2D;
    });
  }
}
