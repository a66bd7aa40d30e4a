import * as tf from "@tensorflow/tfjs";
import { WeightedLayer } from "../layer";
import { randomFrom, type Seeded } from "../random";
import { checkSizes } from "../sizes";

/** Everything that defines an {@link Embedding}. */
export interface EmbeddingConfig extends Seeded {
  /** How many ids there are (the vocabulary's size). Required. */
  vocabSize: number;
  /** Length of each id's vector. Required. */
  embeddingSize: number;
}

/**
 * A learned vector per id: row i of E [vocab, embedding] is the vector of character i, as
 * PyTorch's `nn.Embedding` in the seeds.
 *
 *   embed(i) = one_hot(i) E
 *
 * Computed as a one-hot matmul rather than a row lookup (`tf.gather`): the two give the same
 * numbers, but `tf.gather`'s gradient needs the UnsortedSegmentSum kernel, which the wasm backend
 * lacks, while a matmul's gradient runs on every backend. The kit's vocabularies have 14 and 29
 * characters, so the one-hot rows cost next to nothing.
 * Initial vectors: standard normal, as `nn.Embedding`, from the kit's Random. Introduced in 05-seq2seq.
 */
export class Embedding extends WeightedLayer {
  /** How many ids there are, the rows of E (`config.vocabSize`). */
  readonly vocabSize: number;
  /** Length of each id's vector, the columns of E (`config.embeddingSize`). */
  readonly embeddingSize: number;
  /** E: [vocab, embedding], one row per id. */
  readonly E: tf.Variable<tf.Rank.R2>;

  constructor(config: EmbeddingConfig) {
    super();
    const { vocabSize, embeddingSize } = config;
    checkSizes("Embedding", { vocabSize, embeddingSize });
    const random = randomFrom(config);
    this.vocabSize = vocabSize;
    this.embeddingSize = embeddingSize;
    this.E = this.weight(() => {
      const values = Float32Array.from({ length: vocabSize * embeddingSize }, () => random.normal());
      return tf.tensor2d(values, [vocabSize, embeddingSize]);
    });
  }

  /** ids [batch] → [batch, embedding], or ids [batch, steps] → [batch, steps, embedding]. */
  apply<T extends tf.Tensor1D | tf.Tensor2D>(ids: T): T extends tf.Tensor1D ? tf.Tensor2D : tf.Tensor3D;
  apply(ids: tf.Tensor1D | tf.Tensor2D): tf.Tensor2D | tf.Tensor3D {
    return tf.tidy(() => {
      // [ids, vocab] @ [vocab, embedding] → [ids, embedding]
      const flat = ids.reshape<tf.Tensor1D>([-1]);
      const rows = tf.oneHot(flat.dtype === "int32" ? flat : flat.toInt(), this.vocabSize, 1, 0, "float32").matMul(this.E);
      // back to the ids' shape: [batch, (steps,) embedding]
      return rows.reshape<tf.Tensor2D | tf.Tensor3D>([...ids.shape, this.embeddingSize]);
    });
  }
}
