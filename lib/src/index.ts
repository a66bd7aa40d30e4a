// The public API of seqlab. Everything a notebook may import is listed here, and nothing else.
export { selectBackend, type BackendChoice, type BackendName } from "./backend";
export { Random, randomFrom, type Seeded } from "./random";
export { DisplayHandle, showBundle, type MimeBundle } from "./plot/display";
export { showVegaLite, vegaLiteBundle, type VegaLitePanel } from "./plot/vega_lite";
export { check, checkShape } from "./check";
export { Vocab } from "./data/vocab";
export { type Layer } from "./layer";
export { SimpleRNNCell, simpleRNNCell, type SimpleRNNConfig } from "./cells/simple_rnn";
export { LSTMCell, lstmCell, type LSTMConfig, type LSTMState } from "./cells/lstm";
export { GRUCell, gruCell, type GRUConfig } from "./cells/gru";
export { type RecurrentCell, type CellConfig, type CellFactory, type CellState } from "./cells/recurrent_cell";
export { CellStack, runCell, type CellStackConfig } from "./cells/stack";
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
export { Dense, type DenseConfig, type DenseActivation } from "./blocks/dense";
export { Residual, type Sublayer } from "./blocks/residual";
export { LayerNorm, type LayerNormConfig } from "./blocks/layer_norm";
export { BatchNorm, type BatchNormConfig, type BatchNormMode } from "./blocks/batch_norm";
export { inKernel } from "./plot/display";
export { lineChartSpec, showLineChart, type LineChartConfig, type Point } from "./plot/line_chart";
export { train, type TrainConfig, type TrainResult } from "./train/train_loop";
export { PLOTLY_MIME, VEGA_LITE_MIME } from "./plot/mime";
export { plotlyBundle, showPlotly, type PlotlyFigure } from "./plot/plotly";
export { heatmapFigure, showHeatmap, type HeatmapConfig } from "./plot/heatmap";
export { block3dFigure, showBlock3d, type Block3dConfig } from "./plot/block3d";
export { showTable, tableBundle, type TableRow, type TableValue } from "./plot/table";
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
export { Embedding, type EmbeddingConfig } from "./seq2seq/embedding";
export { Encoder, leftToRightEncoder } from "./seq2seq/encoder";
export { BidirectionalEncoder, bidirectionalEncoder } from "./seq2seq/bidirectional_encoder";
export { type SequenceEncoder, type EncoderConfig, type EncoderFactory, type Encoded } from "./seq2seq/sequence_encoder";
export { Decoder, plainDecoder } from "./seq2seq/decoder";
export { type SequenceDecoder, type DecoderConfig, type DecoderFactory } from "./seq2seq/sequence_decoder";
export { sequenceLoss } from "./seq2seq/loss";
export { Seq2Seq, type Seq2SeqConfig, type TranslationPair, type TranslationBatch } from "./seq2seq/seq2seq";
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
