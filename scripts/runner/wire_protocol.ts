/**
 * The Jupyter messaging protocol (v5.3) on the wire: how one message becomes the ZeroMQ frames
 * `[…identities, "<IDS|MSG>", signature, header, parent_header, metadata, content, …buffers]`
 * and back, with the HMAC-SHA256 signature over the four JSON parts.
 *
 * See https://jupyter-client.readthedocs.io/en/latest/messaging.html#the-wire-protocol
 */
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";

/** The protocol version this client speaks (tslab 1.0.22 answers with the same). */
const PROTOCOL_VERSION = "5.3";

/** Separates the routing identities from the message proper. */
const DELIMITER = Buffer.from("<IDS|MSG>");

/** A message header; `parent_header` is either one of these or `{}`. */
export interface MessageHeader {
  msg_id: string;
  session: string;
  username: string;
  date: string;
  msg_type: string;
  version: string;
}

/** One Jupyter message, as both sides see it after decoding. */
export interface JupyterMessage<Content = Record<string, unknown>> {
  header: MessageHeader;
  parent_header: MessageHeader | Record<string, never>;
  metadata: Record<string, unknown>;
  content: Content;
}

/** Builds a request from this client's session. */
export function createMessage<Content>(msgType: string, content: Content, session: string): JupyterMessage<Content> {
  return {
    header: {
      msg_id: randomUUID(),
      session,
      username: "run-notebooks",
      date: new Date().toISOString(),
      msg_type: msgType,
      version: PROTOCOL_VERSION,
    },
    parent_header: {},
    metadata: {},
    content,
  };
}

/** The message id of the request a message answers, or undefined when it answers none. */
export function parentMsgId(message: JupyterMessage<unknown>): string | undefined {
  return "msg_id" in message.parent_header ? message.parent_header.msg_id : undefined;
}

/** HMAC-SHA256 (hex) of the JSON parts, as the connection file's `signature_scheme` says. */
export function sign(key: string, parts: readonly (string | Buffer)[]): string {
  const hmac = createHmac("sha256", key);
  for (const part of parts) hmac.update(part);
  return hmac.digest("hex");
}

/** The frames a DEALER sends for `message` (no identities: the kernel's ROUTER adds its own). */
export function serialize(message: JupyterMessage<unknown>, key: string): Buffer[] {
  const parts = [message.header, message.parent_header, message.metadata, message.content].map((part) => Buffer.from(JSON.stringify(part)));
  return [DELIMITER, Buffer.from(sign(key, parts)), ...parts];
}

/**
 * Decodes the frames of one received message. Frames before the delimiter (routing identities,
 * or the topic on IOPub) are skipped. Throws when the delimiter is missing, a part is missing,
 * or the signature does not match.
 */
export function parse(frames: readonly Buffer[], key: string): JupyterMessage {
  const delimiterAt = frames.findIndex((frame) => frame.equals(DELIMITER));
  if (delimiterAt < 0) throw new Error("message without the <IDS|MSG> delimiter");
  const signature = frames[delimiterAt + 1];
  const parts = frames.slice(delimiterAt + 2, delimiterAt + 6);
  if (signature === undefined || parts.length < 4) throw new Error("message with missing parts");
  const expected = Buffer.from(sign(key, parts));
  if (expected.length !== signature.length || !timingSafeEqual(expected, signature)) {
    throw new Error("message with an invalid HMAC signature");
  }
  const [header, parentHeader, metadata, content] = parts.map((part) => JSON.parse(part.toString("utf8")));
  return { header, parent_header: parentHeader, metadata, content };
}
