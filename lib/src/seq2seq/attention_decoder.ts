import * as tf from "@tensorflow/tfjs";
import { Dense } from "../blocks/dense";
import { FusedGRUCell, gruCell } from "../cells/fused_gru";
import type { CellState } from "../cells/recurrent_cell";
import { CellStack } from "../cells/stack";
import { randomFrom } from "../random";
import { checkSizes, checkWidth } from "../sizes";
import { additiveAttentionGruDecode } from "../kernels/attention_gru_decode";
import { hasTensorFlowOps } from "../kernels/tensorflow_ops";
import { AdditiveAttention, additiveAttention } from "./additive_attention";
import { maskPenalty, type Attention, type AttentionFactory } from "./attention";
import { checkLayers } from "./decoder";
import { DEFAULT_SIZES } from "./defaults";
import { Embedding } from "./embedding";
import type { DecoderConfig, DecoderFactory, SequenceDecoder } from "./sequence_decoder";
import type { Encoded } from "./sequence_encoder";
import { unstackSteps } from "../unstack_steps";

/** What an {@link AttentionDecoder}'s output layer reads. */
export type AttentionReadout = "state" | "state+context+embedding";

/** The attention decoder's own settings, on top of the {@link DecoderConfig} every decoder takes. */
export interface AttentionOptions {
  /**
   * Makes the attention that scores source positions: `additiveAttention()` (Bahdanau, the
   * seeds'), `dotAttention()` or `dotAttention({ scaled: false })` (these need hiddenSize =
   * contextSize), or any other {@link AttentionFactory}. Default `additiveAttention()`.
   */
  attention?: AttentionFactory;
  /**
   * What the output layer reads: "state", the new state s_t (as the second seed's decoder), or
   * "state+context+embedding", [s_t; c_t; embed(y_{t-1})] (the first seed's `fc_out`). Default "state".
   */
  readout?: AttentionReadout;
}

/** Everything that defines an {@link AttentionDecoder}. `contextSize` is the size of the encoder's states (default `hiddenSize`). */
export interface AttentionDecoderConfig extends DecoderConfig, AttentionOptions {}

/**
 * A decoder that looks back at every encoder state at every step (the seeds' attention decoder):
 * instead of one fixed context, each step computes its own from the previous state,
 *
 *   c_t, α_t = attention(s_{t-1}, h_1…h_S)        query s_{t-1}; keys and values the encoder's states
 *   s_t = cell([embed(y_{t-1}); c_t], s_{t-1})    (layer 1; layer l reads layer l − 1's h_t)
 *   logits_t = s_t W_y + b_y                      (readout "state"), or
 *   logits_t = [s_t; c_t; embed(y_{t-1})] W_y + b_y (readout "state+context+embedding", seed 000)
 *
 * s_0 is the encoder's last states, as in {@link Decoder} (a {@link BidirectionalEncoder}'s pass
 * through its dense layer first). With several layers the query is the top layer's h_{t-1} (with
 * an LSTM, the h of its state). Any attention plugs in (`attention: dotAttention()`).
 * α_t [batch, srcSteps] says how much output step t looks at each source position; padding
 * (`encoded.mask`) gets exactly 0. {@link attentionMaps} returns them for every step.
 *
 * Cost: the context of step t needs s_{t-1}, so even with teacher forcing the steps run one at a
 * time (the plain decoder's input projections cover the whole target in one matmul). The keys' half of the score
 * (`projectKeys`, W_h h_i + b) is computed once per sequence in {@link forward} and
 * {@link attentionMaps}; {@link step}, which only sees `encoded`, computes it at each call. On the
 * `tensorflow` backend, {@link forward} runs the seeds' decoder (additive attention, one GRU
 * layer) as one tape entry with a hand-written gradient (kernels/attention_gru_decode.ts): the
 * same values, fewer ops, about a fifth less time per training step.
 * Introduced in 06-attention.
 */
export class AttentionDecoder implements SequenceDecoder {
  /** How many characters the target vocabulary has, the scores per step (`config.vocabSize`). */
  readonly vocabSize: number;
  /** Length of each character's embedding vector (`config.embeddingSize`, default 32). */
  readonly embeddingSize: number;
  /** Size of each layer's state s_t, and of the query (`config.hiddenSize`, default 64). */
  readonly hiddenSize: number;
  /** Size of each encoder state h_i, and so of each context c_t. */
  readonly contextSize: number;
  /** What the output layer reads: s_t, or [s_t; c_t; embed(y_{t-1})] (`config.readout`, default "state"). */
  readonly readout: AttentionReadout;
  /** The target characters' vectors, for embed(y_{t-1}): [vocab, embedding]. */
  readonly embedding: Embedding;
  /** Scores the encoder's states against s_{t-1}. */
  readonly attention: Attention;
  /** The recurrent layers, bottom first; the bottom one reads [embed(y_{t-1}); c_t]. */
  readonly layers: CellStack;
  /** W_y, b_y: the readout → a score per character. */
  readonly output: Dense;

  constructor(config: AttentionDecoderConfig) {
    const random = randomFrom(config);
    this.vocabSize = config.vocabSize;
    this.embeddingSize = config.embeddingSize ?? DEFAULT_SIZES.embeddingSize;
    this.hiddenSize = config.hiddenSize ?? DEFAULT_SIZES.hiddenSize;
    this.contextSize = config.contextSize ?? this.hiddenSize;
    this.readout = config.readout ?? "state";
    checkSizes("AttentionDecoder", {
      vocabSize: this.vocabSize,
      embeddingSize: this.embeddingSize,
      hiddenSize: this.hiddenSize,
      contextSize: this.contextSize,
    });
    this.embedding = new Embedding({ vocabSize: this.vocabSize, embeddingSize: this.embeddingSize, random });
    const attention = config.attention ?? additiveAttention();
    this.attention = attention({ querySize: this.hiddenSize, keySize: this.contextSize, random });
    this.layers = new CellStack({
      cell: config.cell ?? gruCell,
      layers: config.layers ?? DEFAULT_SIZES.layers,
      inputSize: this.embeddingSize + this.contextSize,
      hiddenSize: this.hiddenSize,
      random,
      owner: "AttentionDecoder",
    });
    const readoutSize = this.readout === "state" ? this.hiddenSize : this.hiddenSize + this.contextSize + this.embeddingSize;
    this.output = new Dense({ inputSize: readoutSize, outputSize: this.vocabSize, random });
  }

  /** The trainable weights: the embedding's, the attention's, each layer's, the output layer's. */
  get weights(): tf.Variable[] {
    return [...this.embedding.weights, ...this.attention.weights, ...this.layers.weights, ...this.output.weights];
  }

  /** s_0: the encoder's last states, one per layer (the encoder and decoder have as many layers). */
  initialState(encoded: Encoded): CellState[] {
    checkLayers("AttentionDecoder", this.layers.cells.length, encoded);
    checkWidth("AttentionDecoder", "the encoder's states", encoded.states.shape, this.contextSize, "contextSize");
    return encoded.last;
  }

  step(previous: tf.Tensor1D, state: readonly CellState[], encoded: Encoded): [logits: tf.Tensor2D, state: CellState[]] {
    return tf.tidy(() => {
      const keys = this.attention.projectKeys(encoded.states);
      // embed(y_{t-1})   [batch, embedding]
      const { readout, next } = this.next(this.embedding.apply(previous), state, encoded, keys, this.layers.stepper());
      // logits_t = readout W_y + b_y   [batch, vocab]
      return [this.output.apply(readout), next];
    });
  }

  forward(inputs: tf.Tensor2D, state: readonly CellState[], encoded: Encoded): tf.Tensor3D {
    return tf.tidy(() => {
      // W_h h_i + b once for the whole target   [batch, srcSteps, *]
      const keys = this.attention.projectKeys(encoded.states);
      // embed(y_{t-1}) for every t   [batch, steps, embedding]
      const embedded = this.embedding.apply(inputs);
      // what the output layer reads at every step   [batch, steps, readout]
      const readouts = this.fusedReadouts(embedded, state, encoded, keys) ?? this.steppedReadouts(embedded, state, encoded, keys);
      // logits_t = readout_t W_y + b_y for every t, one matmul   [batch, steps, vocab]
      return this.output.apply(readouts);
    });
  }

  /**
   * Where each step looks, for attention heatmaps: greedy decoding for a fixed number of steps
   * (from the start token, the highest-scoring character at each step, fed back in; unlike
   * `Seq2Seq.greedyDecode` it does not stop at the end token), recording α_t. Returns the ids
   * [batch, steps] (int32; nothing is cut at the end token) and the attention weights
   * α [batch, steps, srcSteps]: row t is how much output step t looked at each source position.
   * Reads nothing back to JavaScript.
   */
  attentionMaps(encoded: Encoded, startId: number, steps: number): [ids: tf.Tensor2D, weights: tf.Tensor3D] {
    const batch = encoded.states.shape[0];
    return tf.tidy(() => {
      const keys = this.attention.projectKeys(encoded.states);
      let state = this.initialState(encoded);
      // [batch]: the start token
      let previous = tf.fill<tf.Rank.R1>([batch], startId, "int32");
      const stepper = this.layers.stepper();
      const ids: tf.Tensor1D[] = [];
      const weights: tf.Tensor2D[] = [];
      for (let t = 0; t < steps; t++) {
        const { readout, next, alpha } = this.next(this.embedding.apply(previous), state, encoded, keys, stepper);
        state = next;
        // ŷ_t = argmax logits_t   [batch]
        previous = this.output.apply(readout).argMax(1).toInt() as tf.Tensor1D;
        ids.push(previous);
        weights.push(alpha);
      }
      // [batch, steps] and [batch, steps, srcSteps]
      return [tf.stack(ids, 1) as tf.Tensor2D, tf.stack(weights, 1) as tf.Tensor3D];
    });
  }

  /** Frees the weights. */
  dispose(): void {
    this.embedding.dispose();
    this.attention.dispose();
    this.layers.dispose();
    this.output.dispose();
  }

  /** The readouts of every step, the steps run one after another by {@link next}: [batch, steps, readout]. */
  private steppedReadouts(embedded: tf.Tensor3D, state: readonly CellState[], encoded: Encoded, keys: tf.Tensor3D): tf.Tensor3D {
    const stepper = this.layers.stepper();
    const readouts: tf.Tensor2D[] = [];
    // one column per step: steps × [batch, embedding]
    for (const e of unstackSteps<tf.Tensor2D>(embedded, 1)) {
      const { readout, next } = this.next(e, state, encoded, keys, stepper);
      readouts.push(readout);
      state = next;
    }
    return tf.stack(readouts, 1) as tf.Tensor3D;
  }

  /**
   * The same readouts by one fused op with a hand-written gradient (kernels/attention_gru_decode.ts),
   * for the decoder of 06-attention as the seeds build it: additive attention and one GRU layer,
   * on the `tensorflow` backend. Undefined for any other decoder, which {@link steppedReadouts} runs.
   */
  private fusedReadouts(embedded: tf.Tensor3D, state: readonly CellState[], encoded: Encoded, keys: tf.Tensor3D): tf.Tensor3D | undefined {
    const [cell] = this.layers.cells;
    if (
      !hasTensorFlowOps() ||
      !(this.attention instanceof AdditiveAttention) ||
      this.layers.cells.length !== 1 ||
      !(cell instanceof FusedGRUCell)
    ) {
      return undefined;
    }
    const { Ws, v } = this.attention;
    const withContexts = this.readout === "state+context+embedding";
    const penalty = encoded.mask === undefined ? undefined : maskPenalty(encoded.mask);
    // s_t, or [s_t; c_t], at every step   [batch, steps, hidden (+ context)]
    const states = additiveAttentionGruDecode(
      { embedded, s0: state[0] as tf.Tensor2D, values: encoded.states, keys, Ws, v, W: cell.W, U: cell.U, b: cell.b },
      { penalty, withContexts },
    );
    // s_t, or [s_t; c_t; embed(y_{t-1})]
    return withContexts ? tf.concat<tf.Tensor3D>([states, embedded], 2) : states;
  }

  /**
   * One step from embed(y_{t-1}) [batch, embedding], with the layers' `step` (their stepper for
   * the sequence): the next states, what the output layer reads, and α_t [batch, srcSteps].
   */
  private next(
    e: tf.Tensor2D,
    state: readonly CellState[],
    encoded: Encoded,
    keys: tf.Tensor3D,
    stepper: ReturnType<CellStack["stepper"]>,
  ): { next: CellState[]; readout: tf.Tensor2D; alpha: tf.Tensor2D } {
    // c_t, α_t = attention(h_{t-1}, h)   [batch, context] and [batch, srcSteps]
    const [c, alpha] = this.attention.attend(this.layers.output(state), encoded.states, encoded.mask, keys);
    // s_t = cell([embed(y_{t-1}); c_t], s_{t-1}) for every layer; the top layer's h_t   [batch, hidden]
    const [top, next] = stepper.step(tf.concat([e, c], 1), state);
    // h_t, or [h_t; c_t; embed(y_{t-1})]   [batch, readout]
    const readout = this.readout === "state" ? top : tf.concat([top, c, e], 1);
    return { next, readout, alpha };
  }
}

/**
 * Makes {@link AttentionDecoder}s for a seq2seq model, with the given attention settings:
 * `new Seq2Seq({ …, decoder: attentionDecoder() })`, `attentionDecoder({ attention: dotAttention() })`.
 */
export function attentionDecoder(options: AttentionOptions = {}): DecoderFactory<AttentionDecoder> {
  return (config) => new AttentionDecoder({ ...config, ...options });
}
