// The kit's answers to the exercises of notebooks/10-pronunciation.ipynb: each section below is the whole
// source of one exercise cell (`npm run exercises -- --solutions` puts them in). Try first.

// exercise: edit-distance
/** The fewest substitutions, deletions and insertions that turn `reference` into `predicted`. */
function myEditDistance(predicted: string[], reference: string[]): number {
  // row[j]: the distance between the reference's first i phonemes and the prediction's first j
  let row = Array.from({ length: predicted.length + 1 }, (_, j) => j);
  for (let i = 1; i <= reference.length; i++) {
    const next = [i];
    for (let j = 1; j <= predicted.length; j++) {
      const substitute = row[j - 1] + (reference[i - 1] === predicted[j - 1] ? 0 : 1);
      next.push(Math.min(substitute, row[j] + 1, next[j - 1] + 1));
    }
    row = next;
  }
  return row[predicted.length];
}

// exercise: word-error-rate
/** The share of words w whose predictions[w] equals none of references[w]. */
function myWordErrorRate(predictions: string[][], references: string[][][]): number {
  const same = (a: string[], b: string[]) => a.length === b.length && a.every((p, i) => p === b[i]);
  const wrong = predictions.filter((predicted, w) => !references[w].some((reference) => same(predicted, reference)));
  return wrong.length / predictions.length;
}
