import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createMessage, parentMsgId, parse, serialize, sign } from "../../scripts/runner/wire_protocol";

const KEY = "a-test-key";

describe("wire protocol", () => {
  it("signs the JSON parts with HMAC-SHA256 in order", () => {
    const expected = createHmac("sha256", KEY).update("a").update("b").digest("hex");
    expect(sign(KEY, ["a", Buffer.from("b")])).toBe(expected);
  });

  it("serializes a request as delimiter, signature and four JSON parts", () => {
    const message = createMessage("kernel_info_request", {}, "session-1");
    const frames = serialize(message, KEY);
    expect(frames.map(String).slice(0, 1)).toEqual(["<IDS|MSG>"]);
    expect(frames).toHaveLength(6);
    expect(String(frames[1])).toBe(sign(KEY, frames.slice(2)));
    expect(JSON.parse(String(frames[2]))).toMatchObject({ msg_type: "kernel_info_request", session: "session-1", version: "5.3" });
  });

  it("parses what it serializes, skipping routing identities before the delimiter", () => {
    const message = createMessage("execute_request", { code: "1 + 1" }, "s");
    const parsed = parse([Buffer.from("identity"), ...serialize(message, KEY)], KEY);
    expect(parsed).toEqual(message);
  });

  it("rejects a message signed with another key or tampered with", () => {
    const frames = serialize(createMessage("execute_request", { code: "1" }, "s"), KEY);
    expect(() => parse(frames, "other-key")).toThrow(/invalid HMAC/);
    const tampered = [...frames];
    tampered[5] = Buffer.from(JSON.stringify({ code: "2" }));
    expect(() => parse(tampered, KEY)).toThrow(/invalid HMAC/);
  });

  it("rejects frames without the delimiter or with parts missing", () => {
    const frames = serialize(createMessage("status", {}, "s"), KEY);
    expect(() => parse(frames.slice(1), KEY)).toThrow(/delimiter/);
    expect(() => parse(frames.slice(0, 4), KEY)).toThrow(/missing parts/);
  });

  it("finds the request a message answers through its parent header", () => {
    const request = createMessage("execute_request", {}, "s");
    const reply = { ...createMessage("execute_reply", {}, "s"), parent_header: request.header };
    expect(parentMsgId(reply)).toBe(request.header.msg_id);
    expect(parentMsgId(request)).toBeUndefined();
  });
});
