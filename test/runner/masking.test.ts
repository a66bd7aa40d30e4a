import { describe, expect, it } from "vitest";
import { maskVariableText } from "../../scripts/runner/masking";

describe("maskVariableText", () => {
  it("masks durations, rates and timestamps", () => {
    expect(maskVariableText("epoch 3 took 12.3s (45 ms/step), 2 min left")).toBe("epoch 3 took <duration> (<rate>), <duration> left");
    expect(maskVariableText("trained at 2024-05-01T12:34:56.789Z, 12:34:56")).toBe("trained at <timestamp>, <time>");
    expect(maskVariableText("31.5 it/s")).toBe("<rate>");
  });

  it("masks every number on a line that reports elapsed time", () => {
    expect(maskVariableText("elapsed: 3 steps in 41")).toBe("elapsed: <n> steps in <n>");
  });

  it("masks progress bars", () => {
    expect(maskVariableText("50% ████▌     | 5/10")).toBe("50% <bar>     | 5/10");
    expect(maskVariableText("[=====>    ] loss 0.5")).toBe("[<bar>] loss 0.5");
  });

  it("drops the backend line and stack frames", () => {
    const text = "seqlab backend: wasm (no tfjs-node)\nError: boom\n    at Object.execute (/home/me/x.js:1:2)\nafter\n";
    expect(maskVariableText(text)).toBe("Error: boom\nafter\n");
  });

  it("leaves numbers that are not timings alone and ignores trailing spaces", () => {
    expect(maskVariableText("loss 0.1234 after 300 steps   \r\n")).toBe("loss 0.1234 after 300 steps\n");
    expect(maskVariableText("3 steps, 2 hidden units")).toBe("3 steps, 2 hidden units");
  });
});
