import { describe, expect, it } from "vitest";
import { applyTerminalControls, DisplayRegistry, OutputCollector } from "../../scripts/runner/output_collector";
import { createMessage } from "../../scripts/runner/wire_protocol";

const iopub = (msgType: string, content: Record<string, unknown>) => createMessage(msgType, content, "kernel");

describe("applyTerminalControls", () => {
  it("lets text after \\r overwrite the line and keeps a trailing \\r pending", () => {
    expect(applyTerminalControls("10%\r50%\r100%\ndone\n")).toBe("100%\ndone\n");
    expect(applyTerminalControls("long line\rshort")).toBe("shortline");
    expect(applyTerminalControls("step 1\r")).toBe("step 1\r");
    expect(applyTerminalControls("a\r\nb")).toBe("a\nb");
  });

  it("erases one character per backspace", () => {
    expect(applyTerminalControls("abc\b\bd")).toBe("ad");
  });
});

describe("OutputCollector", () => {
  it("merges consecutive streams of the same name, as Jupyter does", () => {
    const collector = new OutputCollector(new DisplayRegistry());
    collector.add(iopub("stream", { name: "stdout", text: "a" }));
    collector.add(iopub("stream", { name: "stdout", text: "b\n" }));
    collector.add(iopub("stream", { name: "stderr", text: "oops\n" }));
    collector.add(iopub("stream", { name: "stdout", text: "c\n" }));
    expect(collector.outputs).toEqual([
      { output_type: "stream", name: "stdout", text: "ab\n" },
      { output_type: "stream", name: "stderr", text: "oops\n" },
      { output_type: "stream", name: "stdout", text: "c\n" },
    ]);
  });

  it("applies progress carriage returns across merged chunks", () => {
    const collector = new OutputCollector(new DisplayRegistry());
    for (const text of ["epoch 1\r", "epoch 2\r", "epoch 3\n"]) collector.add(iopub("stream", { name: "stdout", text }));
    expect(collector.outputs).toEqual([{ output_type: "stream", name: "stdout", text: "epoch 3\n" }]);
  });

  it("updates every earlier output with the same display_id, in other cells too", () => {
    const displays = new DisplayRegistry();
    const first = new OutputCollector(displays);
    const second = new OutputCollector(displays);
    const transient = { display_id: "chart" };
    first.add(iopub("display_data", { data: { "text/plain": "v1" }, metadata: {}, transient }));
    second.add(iopub("update_display_data", { data: { "text/plain": "v2" }, metadata: {}, transient }));
    expect(first.outputs).toEqual([{ output_type: "display_data", data: { "text/plain": "v2" }, metadata: {} }]);
    expect(second.outputs).toEqual([]);
    second.add(iopub("display_data", { data: { "text/plain": "v3" }, metadata: {}, transient }));
    expect(first.outputs[0]).toMatchObject({ data: { "text/plain": "v3" } });
    expect(second.outputs).toEqual([{ output_type: "display_data", data: { "text/plain": "v3" }, metadata: {} }]);
  });

  it("keeps execute_result and error outputs in nbformat shape", () => {
    const collector = new OutputCollector(new DisplayRegistry());
    collector.add(iopub("execute_result", { execution_count: 4, data: { "text/plain": "42" }, metadata: {} }));
    collector.add(iopub("error", { ename: "Error", evalue: "boom", traceback: ["at x"] }));
    collector.add(iopub("execute_input", { code: "ignored" }));
    expect(collector.outputs).toEqual([
      { output_type: "execute_result", execution_count: 4, data: { "text/plain": "42" }, metadata: {} },
      { output_type: "error", ename: "Error", evalue: "boom", traceback: ["at x"] },
    ]);
  });

  it("clears at once, or with wait=true only when the next output arrives", () => {
    const collector = new OutputCollector(new DisplayRegistry());
    collector.add(iopub("stream", { name: "stdout", text: "old\n" }));
    collector.add(iopub("clear_output", { wait: true }));
    expect(collector.outputs).toHaveLength(1);
    collector.add(iopub("stream", { name: "stdout", text: "new\n" }));
    expect(collector.outputs).toEqual([{ output_type: "stream", name: "stdout", text: "new\n" }]);
    collector.add(iopub("clear_output", { wait: false }));
    expect(collector.outputs).toEqual([]);
  });
});
