// The public API of seqlab. Everything a notebook may import is listed here, and nothing else.
export { selectBackend, type BackendChoice, type BackendName } from "./backend";
export { Random } from "./random";
export { DisplayHandle, showBundle, type MimeBundle } from "./plot/display";
export { showVegaLite, vegaLiteBundle, VEGA_LITE_MIME } from "./plot/vega_lite";
export { check, checkShape } from "./check";
export { Vocab } from "./data/vocab";
export { SimpleRNNCell, type SimpleRNNConfig } from "./cells/simple_rnn";
export { LSTMCell, type LSTMConfig, type LSTMState } from "./cells/lstm";
export { GRUCell, type GRUConfig } from "./cells/gru";
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
export {
  PLOTLY_MIME,
  plotlyBundle,
  showPlotly,
  heatmapFigure,
  showHeatmap,
  block3dFigure,
  showBlock3d,
  type PlotlyFigure,
  type HeatmapConfig,
  type Block3dConfig,
} from "./plot/plotly";
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
export { gruCell, simpleRNNCell, type RecurrentCell, type CellFactory } from "./seq2seq/recurrent_cell";
export { Encoder, type EncoderConfig, type Encoded } from "./seq2seq/encoder";
export { Decoder, plainDecoder, type DecoderConfig, type SequenceDecoder, type DecoderFactory } from "./seq2seq/decoder";
export { sequenceLoss } from "./seq2seq/loss";
export { Seq2Seq, type Seq2SeqConfig, type TranslationPair, type TranslationBatch } from "./seq2seq/seq2seq";
export { type Attention, maskedSoftmax } from "./seq2seq/attention";
export { AdditiveAttention, type AdditiveAttentionConfig } from "./seq2seq/additive_attention";
export { DotAttention, type DotAttentionConfig } from "./seq2seq/dot_attention";
export { BidirectionalEncoder } from "./seq2seq/bidirectional_encoder";
export {
  AttentionDecoder,
  attentionDecoder,
  type AttentionDecoderConfig,
  type AttentionOptions,
  type AttentionKind,
  type AttentionReadout,
} from "./seq2seq/attention_decoder";
