import * as tf from "@tensorflow/tfjs";

/**
 * A character vocabulary: each character gets an id, its position in `chars`. The addition
 * translator uses "0123456789+_{}" (digits, plus, "_" pads, "{" starts decoding, "}" ends);
 * the antonym translator "SEPabc…z" (S starts, E ends, P pads). Introduced in 01-sequence-tasks.
 */
export class Vocab {
  /** The number of characters, and so of ids (0 … size − 1) and of columns in a one-hot row. */
  readonly size: number;
  private readonly ids: ReadonlyMap<string, number>;

  /** @param chars The characters, each once; a character's id is its position here. */
  constructor(readonly chars: string) {
    const ids = new Map<string, number>();
    for (const [id, char] of [...chars].entries()) {
      if (ids.has(char)) throw new Error(`Vocab: "${char}" appears twice in "${chars}"`);
      ids.set(char, id);
    }
    this.ids = ids;
    this.size = ids.size;
  }

  /** The id of one character; an error names a character outside the vocabulary. */
  id(char: string): number {
    const id = this.ids.get(char);
    if (id === undefined) throw new Error(`Vocab: "${char}" is not in "${this.chars}"`);
    return id;
  }

  /** Character ids of a string. */
  encode(text: string): number[] {
    return [...text].map((char) => this.id(char));
  }

  /** The string spelled by character ids. */
  decode(ids: readonly number[]): string {
    return ids.map((id) => this.chars[id] ?? "?").join("");
  }

  /** One-hot rows of a string: [steps, vocab]. */
  oneHot(text: string): tf.Tensor2D {
    return tf.tidy(() => tf.oneHot(tf.tensor1d(this.encode(text), "int32"), this.size).toFloat() as tf.Tensor2D);
  }
}
