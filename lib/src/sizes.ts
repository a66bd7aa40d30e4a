/**
 * Checks the sizes a layer was given at its public boundary: each must be a whole number ≥ 1.
 * Throws with the layer's name, the size's name and the value, e.g.
 * "Dense: outputSize must be a whole number ≥ 1, got 0".
 */
export function checkSizes(layer: string, sizes: Record<string, number>): void {
  for (const [name, size] of Object.entries(sizes)) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`${layer}: ${name} must be a whole number ≥ 1, got ${size}`);
  }
}

/** Checks that a tensor's last axis has the width a layer expects, e.g. "GRUCell: x has 5 features, expected inputSize 3". */
export function checkWidth(layer: string, what: string, shape: readonly number[], expected: number, expectedName: string): void {
  const width = shape[shape.length - 1];
  if (width !== expected) throw new Error(`${layer}: ${what} has ${width} features, expected ${expectedName} ${expected}`);
}
