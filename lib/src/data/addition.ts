import { type Random, randomFrom } from "../random";
import { Vocab } from "./vocab";

/**
 * The addition translator's characters, as in the seed: the digits, "+", "_" pads, "{" starts
 * decoding, "}" ends a string.
 */
export const ADDITION_CHARS = "0123456789+_{}";

/** The vocabulary of {@link ADDITION_CHARS}. */
export const additionVocab = new Vocab(ADDITION_CHARS);

/** One problem a + b, in the seed's format. */
export interface AdditionProblem {
  /** The first term, 0 ≤ a < 10^digits. */
  a: number;
  /** The second term, 0 ≤ b < 10^digits. */
  b: number;
  /** "a+b" left-padded with "_" to 2·digits + 1 characters, then "}": "12+34}", "_2+39}", "__2+3}". */
  source: string;
  /** a + b left-padded with "_" to digits + 1 characters, then "}": "_46}", "_41}", "__5}", "156}". */
  target: string;
}

/**
 * The problems of the seed's evaluation table (it lists 12+35 twice; here it is once). They are
 * always held out, never trained on.
 */
export const SEED_ADDITION_EXAMPLES: readonly (readonly [a: number, b: number])[] = [
  [12, 35],
  [99, 1],
  [50, 50],
  [1, 99],
  [60, 89],
  [77, 88],
  [10, 20],
  [3, 34],
  [20, 10],
  [40, 50],
  [2, 9],
];

/** a + b in the seed's format, for operands of at most `digits` digits (default 2). Introduced in 05-seq2seq. */
export function additionProblem(a: number, b: number, digits = 2): AdditionProblem {
  const limit = 10 ** digits;
  for (const n of [a, b]) {
    if (!Number.isInteger(n) || n < 0 || n >= limit) throw new Error(`additionProblem: ${n} is not an integer in [0, ${limit})`);
  }
  return {
    a,
    b,
    source: `${a}+${b}`.padStart(2 * digits + 1, "_") + "}",
    target: `${a + b}`.padStart(digits + 1, "_") + "}",
  };
}

/** Everything that defines an {@link additionSplit}. */
export interface AdditionSplitConfig {
  /** Most digits per operand: every a + b with 0 ≤ a, b < 10^digits is a problem. Default 2. */
  digits?: number;
  /** How many problems to hold out, the seed's examples included. Default 1000. */
  heldOut?: number;
  /** Problems held out whatever the draw, listed first. Default {@link SEED_ADDITION_EXAMPLES}. */
  alwaysHeldOut?: readonly (readonly [a: number, b: number])[];
  /** Seed of the Random that draws the held-out problems when `random` is not given. Default 0. */
  seed?: number;
  /** A Random to draw from instead of `new Random(seed)`. Default: none. */
  random?: Random;
}

/** Every problem, split in two: a model trains on `train` and is judged on `heldOut`. */
export interface AdditionSplit {
  /** Every problem not held out (9000 of the 10 000 two-digit problems by default). */
  train: AdditionProblem[];
  /** The held-out problems: `alwaysHeldOut` first, then a seeded random draw. */
  heldOut: AdditionProblem[];
}

/**
 * All a + b with operands below 10^digits, split into training and held-out problems that never
 * overlap (a + b and b + a are different problems). Introduced in 05-seq2seq.
 */
export function additionSplit(config: AdditionSplitConfig = {}): AdditionSplit {
  const digits = config.digits ?? 2;
  const heldOutCount = config.heldOut ?? 1000;
  const always = config.alwaysHeldOut ?? SEED_ADDITION_EXAMPLES;
  const random = randomFrom(config);
  const limit = 10 ** digits;
  const key = (a: number, b: number) => a * limit + b;
  const alwaysKeys = new Set(always.map(([a, b]) => key(a, b)));
  if (alwaysKeys.size > heldOutCount)
    throw new Error(`additionSplit: ${alwaysKeys.size} problems always held out, more than heldOut = ${heldOutCount}`);
  const rest: number[] = [];
  for (let k = 0; k < limit * limit; k++) if (!alwaysKeys.has(k)) rest.push(k);
  const shuffled = random.shuffled(rest);
  const heldOutKeys = [...alwaysKeys, ...shuffled.slice(0, heldOutCount - alwaysKeys.size)];
  const held = new Set(heldOutKeys);
  const problem = (k: number) => additionProblem(Math.floor(k / limit), k % limit, digits);
  return {
    train: rest.filter((k) => !held.has(k)).map(problem),
    heldOut: heldOutKeys.map(problem),
  };
}
