import { describe, expect, it, vi } from "vitest";
import { showTable, tableBundle } from "../../lib/src/plot/table";

const columns = ["input", "expected", "predicted", "p"];

describe("tableBundle", () => {
  it("reads rows given as objects by column name and rows given as lists by position", () => {
    const bundle = tableBundle([{ input: "12+34", expected: "46", predicted: "46", p: 0.98123 }, ["7+8", "15", "16", 1]], columns);
    expect(bundle["text/plain"]).toBe(
      [
        "input  expected  predicted       p",
        "-----  --------  ---------  ------",
        "12+34  46        46         0.9812",
        "7+8    15        16              1",
      ].join("\n"),
    );
    expect(bundle["text/html"]).toContain("<thead><tr><th>input</th><th>expected</th><th>predicted</th><th>p</th></tr></thead>");
    expect(bundle["text/html"]).toContain('<tr><td>12+34</td><td>46</td><td>46</td><td style="text-align: right">0.9812</td></tr>');
  });

  it("escapes HTML and leaves missing values empty", () => {
    const bundle = tableBundle([{ input: "<eos>&" }], ["input", "output"]);
    expect(bundle["text/html"]).toContain("<tr><td>&lt;eos&gt;&amp;</td><td></td></tr>");
    expect(bundle["text/plain"]).toBe("input   output\n------  ------\n<eos>&");
  });
});

describe("showTable outside a kernel", () => {
  it("prints the text table and writes no file", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    try {
      showTable([["a", 1]], ["name", "n"]);
      expect(log).toHaveBeenCalledWith("name  n\n----  -\na     1");
    } finally {
      log.mockRestore();
    }
  });
});
