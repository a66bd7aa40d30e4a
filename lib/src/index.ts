// The public API of seqlab, grouped by folder. Everything a notebook may import is listed here, and nothing else.

// Setup and shared contracts
export { selectBackend, type BackendChoice, type BackendName } from "./backend";
export { Random, randomFrom, type Seeded } from "./random";
export { check, checkShape } from "./check";
export { checkExercise, notYet, NotYet, expectClose, expectEqual } from "./exercise";
export { type Layer, WeightedLayer, type WeightOptions } from "./layer";

// cells/
export { type RecurrentCell, type SequenceStepper, type CellConfig, type CellFactory, type CellState } from "./cells/recurrent_cell";
export { FusedGateCell } from "./cells/fused_gate_cell";
export { SimpleRNNCell, simpleRNNCell, type SimpleRNNConfig } from "./cells/simple_rnn";
export { LSTMCell, type LSTMConfig, type LSTMState } from "./cells/lstm";
export { FusedLSTMCell, lstmCell } from "./cells/fused_lstm";
export { GRUCell, type GRUConfig } from "./cells/gru";
export { FusedGRUCell, gruCell } from "./cells/fused_gru";
export { CellStack, runCell, type CellStackConfig } from "./cells/stack";

// blocks/
export { Dense, type DenseConfig, type DenseActivation } from "./blocks/dense";
export { Residual, type Sublayer } from "./blocks/residual";
export { LayerNorm, type LayerNormConfig } from "./blocks/layer_norm";
export { BatchNorm, type BatchNormConfig, type BatchNormMode } from "./blocks/batch_norm";

// seq2seq/
export { Embedding, type EmbeddingConfig } from "./seq2seq/embedding";
export { type SequenceEncoder, type EncoderConfig, type EncoderFactory, type Encoded } from "./seq2seq/sequence_encoder";
export { Encoder, leftToRightEncoder } from "./seq2seq/encoder";
export { BidirectionalEncoder, bidirectionalEncoder } from "./seq2seq/bidirectional_encoder";
export { type SequenceDecoder, type DecoderConfig, type DecoderFactory } from "./seq2seq/sequence_decoder";
export { Decoder, plainDecoder } from "./seq2seq/decoder";
export { type Attention, type AttentionFactory, maskedSoftmax } from "./seq2seq/attention";
export { AdditiveAttention, additiveAttention, type AdditiveAttentionConfig } from "./seq2seq/additive_attention";
export { DotAttention, dotAttention, type DotAttentionConfig } from "./seq2seq/dot_attention";
export {
  AttentionDecoder,
  attentionDecoder,
  type AttentionDecoderConfig,
  type AttentionOptions,
  type AttentionReadout,
} from "./seq2seq/attention_decoder";
export { crossEntropy, sequenceLoss } from "./seq2seq/loss";
export { Seq2Seq, type Seq2SeqConfig, type DecoderChoice, type TranslationPair, type TranslationBatch } from "./seq2seq/seq2seq";

// transformer/
export { MultiHeadAttention, type MultiHeadAttentionConfig, type AttentionMasks } from "./transformer/multi_head_attention";
export { sinusoidalPositions, LearnedPositions, type LearnedPositionsConfig, addPositions } from "./transformer/positional_encoding";
export { FeedForward, type FeedForwardConfig } from "./transformer/feed_forward";
export { sublayer, type NormPlacement } from "./transformer/sublayer";
export { TransformerEncoderLayer, type TransformerLayerConfig } from "./transformer/encoder_layer";
export { TransformerDecoderLayer, type DecoderMasks } from "./transformer/decoder_layer";
export { type TransformerOptions } from "./transformer/transformer_options";
export { TransformerEmbedding } from "./transformer/transformer_embedding";
export { TransformerEncoder, transformerEncoder } from "./transformer/transformer_encoder";
export { TransformerDecoder, transformerDecoder } from "./transformer/transformer_decoder";

// train/
export { train, type TrainConfig, type TrainResult } from "./train/train_loop";
export { FlatAdam, flatAdam, type NamedGradient } from "./train/flat_adam";
export { alignEdits, editDistance, closestReference, errorRates, type Edit } from "./train/error_rates";

// data/
export { Vocab } from "./data/vocab";
export {
  DISHES,
  WEATHERS,
  nextDish,
  cookingSequences,
  cookingTensors,
  type Dish,
  type Weather,
  type CookingSequence,
  type CookingConfig,
  type CookingInput,
  type CookingTensors,
} from "./data/cooking";
export {
  ADDITION_CHARS,
  additionVocab,
  SEED_ADDITION_EXAMPLES,
  additionProblem,
  additionSplit,
  type AdditionProblem,
  type AdditionSplit,
  type AdditionSplitConfig,
} from "./data/addition";
export { ANTONYM_CHARS, antonymVocab, ANTONYM_PAIRS, ANTONYM_LENGTH, antonymSource, antonymTarget, antonymPairs } from "./data/antonyms";
export { type SplitName, type CorpusPackage } from "./data/corpus_files";
export {
  CMUDICT_PACKAGE,
  ARPABET,
  MAX_WORD_LENGTH,
  pronunciationVocab,
  phonemeText,
  phonemesOf,
  cmuDictionary,
  pronunciationSplit,
  pronunciationPairs,
  pronunciationBatches,
  transcribe,
  type Phoneme,
  type PronouncedWord,
} from "./data/pronunciations";
export {
  WORDNET_PACKAGE,
  NEGATIVE_PREFIXES,
  antonymKind,
  wordnetAdjectiveAntonyms,
  antonymSplit,
  type AntonymPair,
  type AntonymKind,
} from "./data/wordnet_antonyms";

// plot/
export { DisplayHandle, showBundle, inKernel, type MimeBundle } from "./plot/display";
export { PLOTLY_MIME, VEGA_LITE_MIME } from "./plot/mime";
export { showVegaLite, vegaLiteBundle, type VegaLitePanel } from "./plot/vega_lite";
export { lineChartSpec, showLineChart, type LineChartConfig, type Point } from "./plot/line_chart";
export { plotlyBundle, showPlotly, type PlotlyFigure } from "./plot/plotly";
export { heatmapFigure, showHeatmap, type HeatmapConfig } from "./plot/heatmap";
export { heatmapGridFigure, showHeatmapGrid, type HeatmapGridConfig, type HeatmapPanel } from "./plot/heatmap_grid";
export { block3dFigure, showBlock3d, type Block3dConfig } from "./plot/block3d";
export { showTable, tableBundle, type TableRow, type TableValue } from "./plot/table";
