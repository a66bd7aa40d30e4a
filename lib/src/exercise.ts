import * as tf from "@tensorflow/tfjs";

/** What an exercise's stub throws until the learner replaces it: the task, in a sentence. */
export class NotYet extends Error {
  /** "NotYet": what the error is, in a stack trace. */
  override name = "NotYet";
}

/** Ends a learner's stub: `return notYet("compute r = σ(x W_r + h U_r + b_r)")`. */
export function notYet(task: string): never {
  throw new NotYet(task);
}

/** How a check's line for a solved exercise starts (the format `npm run exercises` reads). */
const SOLVED = "✓ exercise";
/** How a check's line for an exercise not solved yet starts. */
const NOT_YET = "✗ exercise";

/**
 * Runs an exercise's check and says the verdict in one line: `✓ exercise NAME: solved`, or
 * `✗ exercise NAME: not yet — WHAT IS WRONG`. It never throws, so a notebook with unsolved
 * exercises still runs to its end, and it returns nothing, so a notebook shows only that line.
 * Introduced in 01-sequence-tasks.
 */
export async function checkExercise(name: string, check: () => void | Promise<void>): Promise<void> {
  try {
    await check();
  } catch (error) {
    const why =
      error instanceof NotYet ? `the stub is still there: ${error.message}` : error instanceof Error ? error.message : String(error);
    console.log(`${NOT_YET} ${name}: not yet — ${why}`);
    return;
  }
  console.log(`${SOLVED} ${name}: solved`);
}

/**
 * Throws, saying exactly how, unless `actual` equals `expected` within `tolerance`: a shape that
 * differs, or the largest difference, where it is and both values there. Numbers and tensors.
 */
export function expectClose(what: string, actual: tf.Tensor | number, expected: tf.Tensor | number, tolerance = 1e-5): void {
  if (typeof actual === "number" || typeof expected === "number") {
    if (typeof actual !== "number" || typeof expected !== "number")
      throw new Error(`${what}: expected a number and a number, got ${typeof actual} and ${typeof expected}`);
    if (!(Math.abs(actual - expected) <= tolerance)) throw new Error(`${what}: ${actual}, expected ${expected} (±${tolerance})`);
    return;
  }
  if (!(actual instanceof tf.Tensor)) throw new Error(`${what}: not a tensor (got ${typeof actual})`);
  const same = actual.rank === expected.rank && actual.shape.every((d, i) => d === expected.shape[i]);
  if (!same) throw new Error(`${what}: shape [${actual.shape.join(", ")}], expected [${expected.shape.join(", ")}]`);
  const got = actual.dataSync();
  const want = expected.dataSync();
  let worst = -1;
  let largest = 0;
  for (let i = 0; i < got.length; i++) {
    const difference = Math.abs((got[i] ?? 0) - (want[i] ?? 0));
    if (!(difference <= largest) || Number.isNaN(difference)) {
      largest = difference;
      worst = i;
    }
  }
  if (worst >= 0 && !(largest <= tolerance)) {
    throw new Error(
      `${what}: off from the reference by up to ${largest.toPrecision(3)}, at [${indexOf(worst, actual.shape).join(", ")}]: ` +
        `yours ${(got[worst] ?? NaN).toPrecision(4)}, reference ${(want[worst] ?? NaN).toPrecision(4)} (tolerance ${tolerance})`,
    );
  }
}

/** Throws unless `actual` is `expected`, saying both. For answers that are a word, a count or a choice. */
export function expectEqual<T extends string | number | boolean>(what: string, actual: T, expected: T): void {
  if (actual !== expected) throw new Error(`${what}: ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
}

/** A flat index → its position in a tensor of this shape. */
function indexOf(flat: number, shape: readonly number[]): number[] {
  const position: number[] = [];
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    const size = shape[axis] ?? 1;
    position.unshift(flat % size);
    flat = Math.floor(flat / size);
  }
  return position;
}
