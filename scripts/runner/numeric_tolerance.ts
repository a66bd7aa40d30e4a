/**
 * Text equality that forgives small numeric differences (the same model on another backend, or
 * another float summation order): text is split into number and non-number tokens; the
 * non-numbers must match exactly, the numbers within `atol + rtol·|expected|` (numpy.isclose).
 */

/** How far a number may drift from its committed value. */
export interface Tolerance {
  /** Relative tolerance (default 1e-3). */
  rtol: number;
  /** Absolute tolerance (default 1e-4). */
  atol: number;
}

export const DEFAULT_TOLERANCE: Tolerance = { rtol: 1e-3, atol: 1e-4 };

/** A decimal number, with optional sign, fraction and exponent. */
const NUMBER = /[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/g;

/** A token of text: a number (with its value) or the text between numbers. */
export type Token = { number: number; text: string } | { number?: undefined; text: string };

/** Splits text into alternating number and non-number tokens. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let end = 0;
  for (const match of text.matchAll(NUMBER)) {
    const start = match.index ?? end;
    if (start > end) tokens.push({ text: text.slice(end, start) });
    tokens.push({ number: Number(match[0]), text: match[0] });
    end = start + match[0].length;
  }
  if (end < text.length) tokens.push({ text: text.slice(end) });
  return tokens;
}

/** Whether `actual` is within tolerance of `expected`. */
export function numbersClose(expected: number, actual: number, { rtol, atol }: Tolerance): boolean {
  if (Number.isNaN(expected) || Number.isNaN(actual)) return Number.isNaN(expected) && Number.isNaN(actual);
  return Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
}

/** Whether two texts are equal up to the numeric tolerance. */
export function textsMatch(expected: string, actual: string, tolerance: Tolerance): boolean {
  const want = tokenize(expected);
  const got = tokenize(actual);
  return (
    want.length === got.length &&
    want.every((token, i) => {
      const other = got[i];
      if (token.number === undefined || other.number === undefined) return token.text === other.text;
      return numbersClose(token.number, other.number, tolerance);
    })
  );
}

/** The first line (0-based) where two texts differ beyond tolerance, or undefined if none does. */
export function firstDifferingLine(expected: string, actual: string, tolerance: Tolerance): number | undefined {
  const want = expected.split("\n");
  const got = actual.split("\n");
  for (let line = 0; line < Math.max(want.length, got.length); line++) {
    const wantLine = want[line];
    const gotLine = got[line];
    if (wantLine === undefined || gotLine === undefined || !textsMatch(wantLine, gotLine, tolerance)) return line;
  }
  return undefined;
}
