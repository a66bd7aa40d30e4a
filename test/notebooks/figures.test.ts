import * as fs from "node:fs";
import * as path from "node:path";
import { Resvg } from "@resvg/resvg-js";
import { describe, expect, it } from "vitest";

const FIGURES = path.join(__dirname, "..", "..", "notebooks", "figures");

/** The diagrams the notebooks' markdown shows (`![…](figures/NAME.svg)`); the folder may hold more. */
const EXPECTED = [
  "rnn_unrolled.svg",
  "lstm_cell.svg",
  "gru_cell.svg",
  "encoder_decoder.svg",
  "attention_decoder.svg",
  "residual_block.svg",
  "batchnorm_vs_layernorm.svg",
  "transformer_layer.svg",
];

/** A figure must stay small enough to read and review as text. */
const MAX_BYTES = 15_000;

const NAME = "[A-Za-z_][-A-Za-z0-9_.:]*";
const START_TAG = new RegExp(`^<(${NAME})((?:\\s+${NAME}\\s*=\\s*(?:"[^"<]*"|'[^'<]*'))*)\\s*(/?)>$`);
const END_TAG = new RegExp(`^</(${NAME})\\s*>$`);
const ATTRIBUTE = new RegExp(`(${NAME})\\s*=\\s*(?:"([^"<]*)"|'([^'<]*)')`, "g");
const BAD_ENTITY = /&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);)/;

interface Element {
  name: string;
  attributes: Map<string, string>;
}

/** The attributes of a start tag's attribute text, or a problem for a repeated one. */
function parseAttributes(text: string, problems: string[]): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of text.matchAll(ATTRIBUTE)) {
    const [, name, double, single] = match;
    const value = double ?? single ?? "";
    if (attributes.has(name)) problems.push(`attribute ${name} repeated`);
    if (BAD_ENTITY.test(value)) problems.push(`bare & in attribute ${name}`);
    attributes.set(name, value);
  }
  return attributes;
}

/**
 * A small well-formedness check (no dependency): nested start and end tags, quoted unique
 * attributes, comments, the XML declaration, entities; one root element. It is stricter than XML
 * where the figures need nothing more: no DOCTYPE, CDATA, processing instructions or `>` in values.
 * Returns the problems found (empty when well-formed) and the elements, the root first.
 */
function parseXml(text: string): { problems: string[]; elements: Element[] } {
  const problems: string[] = [];
  const open: string[] = [];
  const elements: Element[] = [];
  const tokens = text.match(/<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<[^<>]*>|[^<]+|</g) ?? [];
  let offset = 0;
  for (const token of tokens) {
    const at = offset;
    offset += token.length;
    if (token.startsWith("<!--")) {
      if (token.slice(4, -3).includes("--")) problems.push(`"--" inside a comment at ${at}`);
    } else if (token.startsWith("<?")) {
      if (at !== 0 || !token.startsWith("<?xml ")) problems.push(`processing instruction at ${at}`);
    } else if (token.startsWith("</")) {
      const match = END_TAG.exec(token);
      const expected = open.pop();
      if (match === null) problems.push(`bad end tag at ${at}: ${token}`);
      else if (match[1] !== expected) problems.push(`</${match[1]}> at ${at} closes <${expected ?? "nothing"}>`);
    } else if (token.startsWith("<")) {
      const match = START_TAG.exec(token);
      if (match === null) {
        problems.push(`bad tag at ${at}: ${token.slice(0, 60)}`);
        continue;
      }
      const [, name, attributeText, selfClosing] = match;
      if (open.length === 0 && elements.length > 0) problems.push(`second root element <${name}> at ${at}`);
      elements.push({ name, attributes: parseAttributes(attributeText, problems) });
      if (selfClosing === "") open.push(name);
    } else {
      if (open.length === 0 && token.trim() !== "") problems.push(`text outside the root element at ${at}`);
      if (BAD_ENTITY.test(token)) problems.push(`bare & in text at ${at}`);
    }
  }
  if (open.length > 0) problems.push(`unclosed <${open.join("> <")}>`);
  if (elements.length === 0) problems.push("no root element");
  return { problems, elements };
}

/** Everything wrong with one figure's text for a static, self-contained SVG 1.1 picture. */
function figureProblems(text: string): string[] {
  const { problems, elements } = parseXml(text);
  const root = elements.at(0);
  if (root !== undefined) {
    const size = (name: string) => Number(root.attributes.get(name));
    const viewBox = (root.attributes.get("viewBox") ?? "").trim().split(/[\s,]+/).map(Number);
    if (root.name !== "svg") problems.push(`root element is <${root.name}>, not <svg>`);
    if (root.attributes.get("xmlns") !== "http://www.w3.org/2000/svg") problems.push("root has no SVG xmlns");
    if (viewBox.length !== 4 || viewBox.some((n) => !Number.isFinite(n)) || viewBox[2] <= 0 || viewBox[3] <= 0) problems.push("no viewBox");
    if (!(size("width") > 0) || !(size("height") > 0)) problems.push("no numeric width and height");
  }
  if (!/<title>[^<]*\S[^<]*<\/title>/.test(text)) problems.push("no <title>");
  for (const { name, attributes } of elements) {
    if (name.toLowerCase() === "script") problems.push("has a <script>");
    if (name.toLowerCase() === "foreignobject") problems.push("has a <foreignObject>");
    if (/^(?:animate|animateMotion|animateTransform|set)$/.test(name)) problems.push(`has an animation (<${name}>)`);
    for (const [attribute, value] of attributes) {
      if (/^on/i.test(attribute)) problems.push(`has an event handler (${attribute})`);
      if (/(?:^|:)href$/.test(attribute) && !value.trim().startsWith("#")) problems.push(`has an external reference (${attribute}="${value}")`);
    }
  }
  // url(…) in presentation attributes or a <style>: only same-document fragments (#id)
  if (/url\(\s*["']?\s*(?!#)/i.test(text) || /@import|@font-face/i.test(text)) problems.push("has an external reference (CSS)");
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes >= MAX_BYTES) problems.push(`${bytes} bytes, not under ${MAX_BYTES}`);
  return problems;
}

/** The width and height in a PNG's IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.toString("latin1", 12, 16)).toBe("IHDR");
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe("the notebooks' SVG figures", () => {
  const files = fs.existsSync(FIGURES) ? fs.readdirSync(FIGURES).filter((file) => file.endsWith(".svg")) : [];

  it("are all there", () => {
    expect(files).toEqual(expect.arrayContaining(EXPECTED));
  });

  it.each(files)("%s is well-formed, self-contained, static SVG under 15 kB", (file) => {
    expect(figureProblems(fs.readFileSync(path.join(FIGURES, file), "utf8"))).toEqual([]);
  });

  it.each(files)("%s renders with resvg to a PNG of its own width and height", (file) => {
    const text = fs.readFileSync(path.join(FIGURES, file), "utf8");
    const root = parseXml(text).elements.at(0);
    const png = Buffer.from(new Resvg(text, { font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" } }).render().asPng());
    expect(pngSize(png)).toEqual({ width: Number(root?.attributes.get("width")), height: Number(root?.attributes.get("height")) });
  });
});

describe("figureProblems", () => {
  const good = `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" viewBox="0 0 200 100">
  <title>a test figure</title>
  <defs><marker id="arrow"><path d="M0,0 L10,5 L0,10 z"/></marker></defs>
  <!-- one arrow -->
  <line x1="0" y1="50" x2="190" y2="50" stroke="#333" marker-end="url(#arrow)"/>
  <text x="100" y="40">hₜ &amp; xₜ</text>
</svg>
`;

  it("passes a good figure", () => {
    expect(figureProblems(good)).toEqual([]);
  });

  it.each([
    ["an unclosed element", good.replace("</svg>", ""), /unclosed <svg>/],
    ["a misnested end tag", good.replace("</title>", "</text>"), /<\/text> at \d+ closes <title>/],
    ["an unquoted attribute", good.replace('y1="50"', "y1=50"), /bad tag/],
    ["a repeated attribute", good.replace('y1="50"', 'y1="50" y1="51"'), /attribute y1 repeated/],
    ["a bare ampersand", good.replace("&amp;", "&"), /bare & in text/],
    ["a second root", good + "<svg/>", /second root element/],
    ["no title", good.replace(/<title>.*<\/title>/, ""), /no <title>/],
    ["no viewBox", good.replace(' viewBox="0 0 200 100"', ""), /no viewBox/],
    ["no width", good.replace(' width="200"', ""), /no numeric width and height/],
    ["a script", good.replace("</svg>", "<script>alert(1)</script></svg>"), /<script>/],
    ["a foreignObject", good.replace("</svg>", "<foreignObject/></svg>"), /<foreignObject>/],
    ["an event handler", good.replace("<line ", '<line onclick="alert(1)" '), /event handler \(onclick\)/],
    ["an animation", good.replace("</svg>", '<animate attributeName="x"/></svg>'), /animation/],
    ["an external image", good.replace("</svg>", '<image href="http://example.com/a.png"/></svg>'), /external reference \(href="http/],
    ["an external stylesheet", good.replace("</svg>", "<style>@import url(http://example.com/a.css);</style></svg>"), /external reference \(CSS\)/],
    ["too many bytes", good.replace("<!-- one arrow -->", `<!-- ${"x".repeat(MAX_BYTES)} -->`), /bytes, not under/],
  ])("catches %s", (_name, text, problem) => {
    expect(figureProblems(text).join("\n")).toMatch(problem);
  });
});
