/** The sizes every encoder, decoder and seq2seq model of the kit starts from, unless told otherwise. */
export const DEFAULT_SIZES = {
  /** Length of each character's embedding vector. */
  embeddingSize: 32,
  /** Size of each recurrent layer's state. */
  hiddenSize: 64,
  /** Stacked recurrent layers. */
  layers: 1,
} as const;
