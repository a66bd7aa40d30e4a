/**
 * A notebook's claim, checked by running it. Prints `✓ claim` when it holds; throws with the
 * measured detail when it does not, so the cell — and the headless run — fails loudly. Every
 * notebook ends with a cell of these. Introduced in 01-sequence-tasks.
 */
export function check(claim: string, holds: boolean, measured?: string): void {
  const detail = measured === undefined ? "" : ` (measured: ${measured})`;
  if (!holds) throw new Error(`✗ ${claim}${detail}`);
  console.log(`✓ ${claim}${detail}`);
}

/** Checks that a tensor (or any shaped value) has exactly the expected shape. */
export function checkShape(what: string, actual: readonly number[], expected: readonly number[]): void {
  const same = actual.length === expected.length && actual.every((d, i) => d === expected[i]);
  check(`${what} has shape [${expected.join(", ")}]`, same, `[${actual.join(", ")}]`);
}
