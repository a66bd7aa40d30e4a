import * as tf from "@tensorflow/tfjs";
import { type Random, randomFrom } from "../random";

/** The roommate's dishes, in the order he cooks them round and round. */
export const DISHES = ["apple pie", "hamburger", "chicken"] as const;
/** One of the {@link DISHES}: "apple pie", "hamburger" or "chicken". */
export type Dish = (typeof DISHES)[number];

/** The day's weather: the cell's external input. */
export const WEATHERS = ["sunny", "rainy"] as const;
/** One of the {@link WEATHERS}: "sunny" or "rainy". */
export type Weather = (typeof WEATHERS)[number];

/**
 * The seed's cooking rule: on a sunny day the roommate cooks the same dish as yesterday; on a
 * rainy day he cooks the next dish in the cycle apple pie → hamburger → chicken → apple pie.
 * Introduced in 02-rnn.
 */
export function nextDish(yesterday: Dish, weather: Weather): Dish {
  if (weather === "sunny") return yesterday;
  return DISHES[(DISHES.indexOf(yesterday) + 1) % DISHES.length];
}

/** One run of days: `dishes[t] = nextDish(dishes[t − 1], weathers[t])`, with `dishes[−1] = start`. */
export interface CookingSequence {
  /** The dish cooked the day before the first day. */
  start: Dish;
  /** The weather of each day. */
  weathers: Weather[];
  /** The dish cooked each day. */
  dishes: Dish[];
}

/** Everything that defines a set of {@link CookingSequence}s. */
export interface CookingConfig {
  /** How many sequences. Default 64. */
  count?: number;
  /** Days per sequence. Default 10, the length of the seed's table of predictions. */
  days?: number;
  /** Chance that a day is rainy. Default 0.5. */
  rainProbability?: number;
  /**
   * The dish of the day before the first day, or "random" to draw one per sequence. Default
   * "apple pie", as in the seed's table. With `input: "weather"` (see {@link cookingTensors})
   * every sequence must share the start: weather alone cannot tell where the cycle began.
   */
  start?: Dish | "random";
  /** Seed of the Random that draws the weather when `random` is not given. Default 0. */
  seed?: number;
  /** A Random to draw from instead of `new Random(seed)`. Default: none. */
  random?: Random;
  /**
   * Sequences this set must not contain (same start and weather), e.g. the training set when
   * drawing a held-out set: a drawn sequence that is in it is drawn again. Default: none.
   */
  exclude?: readonly CookingSequence[];
}

/** The identity of a sequence: its start and its weather (the dishes follow from them). */
function sequenceKey({ start, weathers }: Pick<CookingSequence, "start" | "weathers">): string {
  return `${start}|${weathers.join(",")}`;
}

/** How many draws in a row may land in `exclude` before the request is called impossible. */
const MAX_REDRAWS = 10_000;

/** Random weather, and the dishes the rule gives for it. Introduced in 02-rnn. */
export function cookingSequences(config: CookingConfig = {}): CookingSequence[] {
  const count = config.count ?? 64;
  const days = config.days ?? 10;
  const rainProbability = config.rainProbability ?? 0.5;
  const startConfig = config.start ?? "apple pie";
  const random = randomFrom(config);
  const excluded = new Set((config.exclude ?? []).map(sequenceKey));
  const draw = (): CookingSequence => {
    const start = startConfig === "random" ? random.pick(DISHES) : startConfig;
    const weathers: Weather[] = [];
    const dishes: Dish[] = [];
    let dish = start;
    for (let t = 0; t < days; t++) {
      const weather: Weather = random.float() < rainProbability ? "rainy" : "sunny";
      dish = nextDish(dish, weather);
      weathers.push(weather);
      dishes.push(dish);
    }
    return { start, weathers, dishes };
  };
  const sequences: CookingSequence[] = [];
  for (let n = 0; n < count; n++) {
    let sequence = draw();
    for (let redraws = 0; excluded.has(sequenceKey(sequence)); redraws++) {
      if (redraws === MAX_REDRAWS) {
        throw new Error(
          `cookingSequences: ${MAX_REDRAWS} draws in a row were all in \`exclude\` ` +
            `(${excluded.size} excluded sequences of ${days} days): ask for longer or fewer sequences`,
        );
      }
      sequence = draw();
    }
    sequences.push(sequence);
  }
  return sequences;
}

/**
 * What the model sees on day t:
 * - "weather": x_t = one-hot weather_t [2]. The seed's formulation — the weather is the
 *   external input and the hidden state has to carry the dish from day to day (count the rainy
 *   days, modulo 3). This is the task that needs recurrence, and the default.
 * - "dish+weather": x_t = [one-hot dish_{t−1} ; one-hot weather_t] [3 + 2]. Yesterday's dish
 *   is given, so the rule is a 6-row lookup table and no memory is needed: the baseline that
 *   shows what the hidden state replaces.
 */
export type CookingInput = "weather" | "dish+weather";

/** Training tensors for a many-to-many model: one input and one target per day. */
export interface CookingTensors {
  /** Inputs: [batch, steps = days, 2] for "weather", [batch, steps, 5] for "dish+weather". */
  xs: tf.Tensor3D;
  /** Targets: one-hot dish of each day, in DISHES order: [batch, steps, 3]. */
  ys: tf.Tensor3D;
}

/**
 * One-hot tensors of `sequences` (all of one length), encoded as `input` says (default
 * "weather"; see {@link CookingInput}). Weather one-hots follow WEATHERS order (sunny, rainy),
 * dish one-hots DISHES order. Introduced in 02-rnn.
 */
export function cookingTensors(sequences: readonly CookingSequence[], input: CookingInput = "weather"): CookingTensors {
  const first = sequences[0];
  if (first === undefined) throw new Error("cookingTensors: no sequences");
  const batch = sequences.length;
  const days = first.dishes.length;
  if (sequences.some((s) => s.dishes.length !== days || s.weathers.length !== days)) {
    throw new Error("cookingTensors: sequences differ in length");
  }
  if (input === "weather" && sequences.some((s) => s.start !== first.start)) {
    throw new Error(
      'cookingTensors: with input "weather" every sequence needs the same start dish ' +
        '(weather alone cannot tell where the cycle began); use input "dish+weather" or one start',
    );
  }
  const dishSize = DISHES.length;
  const weatherSize = WEATHERS.length;
  const inputSize = input === "weather" ? weatherSize : dishSize + weatherSize;
  // filled row by row: [batch, days, inputSize] and [batch, days, 3]
  const x = new Float32Array(batch * days * inputSize);
  const y = new Float32Array(batch * days * dishSize);
  sequences.forEach((s, n) => {
    for (let t = 0; t < days; t++) {
      const xRow = (n * days + t) * inputSize;
      const yesterday = t === 0 ? s.start : s.dishes[t - 1];
      if (input === "dish+weather") x[xRow + DISHES.indexOf(yesterday)] = 1;
      const weatherOffset = input === "weather" ? 0 : dishSize;
      x[xRow + weatherOffset + WEATHERS.indexOf(s.weathers[t])] = 1;
      y[(n * days + t) * dishSize + DISHES.indexOf(s.dishes[t])] = 1;
    }
  });
  return {
    xs: tf.tensor3d(x, [batch, days, inputSize]),
    ys: tf.tensor3d(y, [batch, days, dishSize]),
  };
}
