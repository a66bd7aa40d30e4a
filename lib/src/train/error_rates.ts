/**
 * Word and phoneme error rates of a transcriber, as grapheme-to-phoneme work reports them, and
 * the edits behind them. Introduced in 10-pronunciation.
 */

/** One step of an alignment of a predicted sequence with a reference. */
export type Edit<T> =
  | {
      /** Both have this symbol here. */
      kind: "match";
      /** The reference's symbol. */
      reference: T;
      /** The prediction's symbol, the same. */
      predicted: T;
    }
  | {
      /** The prediction has another symbol here. */
      kind: "substitute";
      /** The reference's symbol. */
      reference: T;
      /** The prediction's symbol in its place. */
      predicted: T;
    }
  | {
      /** The prediction leaves out a symbol of the reference. */
      kind: "delete";
      /** The symbol left out. */
      reference: T;
    }
  | {
      /** The prediction has a symbol the reference does not. */
      kind: "insert";
      /** The symbol added. */
      predicted: T;
    };

/**
 * A shortest alignment of `predicted` with `reference` (Levenshtein: each substitution, deletion
 * of a reference symbol or insertion of a predicted one costs 1), in reading order.
 */
export function alignEdits<T>(predicted: readonly T[], reference: readonly T[]): Edit<T>[] {
  const rows = reference.length + 1;
  const columns = predicted.length + 1;
  // cost[i][j]: edits turning reference[0, i) into predicted[0, j)
  const cost = Array.from({ length: rows }, (_, i) => Array.from({ length: columns }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < columns; j++) {
      const same = reference[i - 1] === predicted[j - 1] ? 0 : 1;
      cost[i][j] = Math.min(cost[i - 1][j - 1] + same, cost[i - 1][j] + 1, cost[i][j - 1] + 1);
    }
  }
  const edits: Edit<T>[] = [];
  let i = reference.length;
  let j = predicted.length;
  while (i > 0 || j > 0) {
    if (i > 0 && j > 0 && cost[i][j] === cost[i - 1][j - 1] + (reference[i - 1] === predicted[j - 1] ? 0 : 1)) {
      const kind = reference[i - 1] === predicted[j - 1] ? "match" : "substitute";
      edits.push({ kind, reference: reference[--i], predicted: predicted[--j] });
    } else if (i > 0 && cost[i][j] === cost[i - 1][j] + 1) {
      edits.push({ kind: "delete", reference: reference[--i] });
    } else {
      edits.push({ kind: "insert", predicted: predicted[--j] });
    }
  }
  return edits.reverse();
}

/** The number of edits (substitutions, deletions, insertions) that turn `reference` into `predicted`. */
export function editDistance<T>(predicted: readonly T[], reference: readonly T[]): number {
  return alignEdits(predicted, reference).filter((edit) => edit.kind !== "match").length;
}

/**
 * The reference closest to `predicted` among a word's accepted ones (fewest edits; the first of
 * equals), with its distance.
 */
export function closestReference<T>(
  predicted: readonly T[],
  references: readonly (readonly T[])[],
): {
  /** The closest reference. */
  reference: readonly T[];
  /** Its edit distance from the prediction. */
  distance: number;
} {
  if (references.length === 0) throw new Error("closestReference: a word needs at least one reference");
  return references
    .map((reference) => ({ reference, distance: editDistance(predicted, reference) }))
    .reduce((best, next) => (next.distance < best.distance ? next : best));
}

/**
 * Word error rate: the share of words whose prediction equals none of their references. Phoneme
 * error rate: the edits to each word's closest reference, summed, over the summed lengths of those
 * references. A word with several pronunciations counts as right when any one is predicted.
 */
export function errorRates<T>(
  predictions: readonly (readonly T[])[],
  references: readonly (readonly (readonly T[])[])[],
): {
  /** The share of words whose prediction matches none of their references, 0 to 1. */
  wordErrorRate: number;
  /** Edits to the closest references over their summed length (above 1 when predictions run long). */
  phonemeErrorRate: number;
} {
  if (predictions.length !== references.length)
    throw new Error(`errorRates: ${predictions.length} predictions for ${references.length} words`);
  if (predictions.length === 0) throw new Error("errorRates: no words");
  let wrongWords = 0;
  let edits = 0;
  let length = 0;
  predictions.forEach((predicted, w) => {
    const { reference, distance } = closestReference(predicted, references[w]);
    if (distance > 0) wrongWords++;
    edits += distance;
    length += reference.length;
  });
  return { wordErrorRate: wrongWords / predictions.length, phonemeErrorRate: edits / length };
}
