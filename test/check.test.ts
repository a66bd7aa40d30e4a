import { describe, expect, it, vi } from "vitest";
import { check, checkShape } from "../lib/src/check";

describe("check", () => {
  it("prints ✓ and the measurement when the claim holds", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    check("two is even", 2 % 2 === 0, "2 mod 2 = 0");
    expect(log).toHaveBeenCalledWith("✓ two is even (measured: 2 mod 2 = 0)");
    log.mockRestore();
  });

  it("throws ✗ with the measurement when it does not", () => {
    expect(() => check("three is even", 3 % 2 === 0, "3 mod 2 = 1")).toThrow("✗ three is even (measured: 3 mod 2 = 1)");
  });

  it("checkShape compares every dimension", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    expect(() => checkShape("x", [2, 3], [2, 3])).not.toThrow();
    expect(() => checkShape("x", [2, 3], [3, 2])).toThrow("✗ x has shape [3, 2] (measured: [2, 3])");
    expect(() => checkShape("x", [2, 3, 1], [2, 3])).toThrow(/measured: \[2, 3, 1\]/);
    log.mockRestore();
  });
});
