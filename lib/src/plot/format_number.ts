// How the kit's charts write numbers: in summaries and tooltips, and in the figures they store.

/** Four decimals, or four significant digits in exponent form below 0.001: a summary's number. */
export function formatNumber(value: number): string {
  return Math.abs(value) >= 1e-3 || value === 0 ? value.toFixed(4) : value.toExponential(3);
}

/** Four significant digits: enough for a picture, short in the notebook file, stable across backends. */
export function roundForDisplay(value: number): number {
  return Number.isFinite(value) ? Number(value.toPrecision(4)) : value;
}
