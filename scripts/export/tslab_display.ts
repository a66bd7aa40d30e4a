/**
 * A cell's imports from "tslab", which exists only inside the kernel, rewritten for a script:
 * `tslab.display.*` and `tslab.newDisplay()` go through seqlab's DisplayHandle, which outside a
 * kernel writes pictures and JSON under charts/ and prints the text. Any other use of the
 * "tslab" module is refused with a reason.
 */
import ts from "typescript";
import type { Edit } from "./edits";
import { ExportError } from "./export_error";

/** The module the kernel provides. */
const TSLAB = "tslab";

/** The name the exported file gives its stand-in for the "tslab" module. */
export const TSLAB_STAND_IN = "tslabOutsideKernel";

/**
 * The edits that turn the cell's imports from "tslab" into constants bound to the stand-in
 * (empty when it has none); throws ExportError, naming `where`, for a use with no counterpart.
 */
export function tslabImportEdits(file: ts.SourceFile, where: string): Edit[] {
  const edits: Edit[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && moduleName(node.moduleSpecifier) === TSLAB) {
      edits.push({ start: node.getStart(file), end: node.getEnd(), text: standInFor(node, file, where) });
      return;
    }
    if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      if (moduleName(node.moduleReference.expression) === TSLAB) refuse(node, file, where);
    }
    if (ts.isCallExpression(node) && node.arguments.some((argument) => moduleName(argument) === TSLAB)) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === "require")) {
        refuse(node, file, where);
      }
    }
    if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && moduleName(node.argument.literal) === TSLAB) {
      refuse(node, file, where);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return edits;
}

/** `import * as t from "tslab"` → `const t = stand-in;`, `import { display as d } …` → `const { display: d } = stand-in;`. */
function standInFor(declaration: ts.ImportDeclaration, file: ts.SourceFile, where: string): string {
  const clause = declaration.importClause;
  // `import type { Display } from "tslab"` only names types: a script has no use for it
  if (clause?.isTypeOnly === true) return "";
  const bindings = clause?.namedBindings;
  if (clause === undefined || clause.name !== undefined || bindings === undefined) refuse(declaration, file, where);
  if (ts.isNamespaceImport(bindings)) return `const ${bindings.name.text} = ${TSLAB_STAND_IN};`;
  const values = bindings.elements.filter((element) => !element.isTypeOnly);
  if (values.length === 0) return "";
  const properties = values.map((element) => {
    const imported = (element.propertyName ?? element.name).getText(file);
    if (imported !== "display" && imported !== "newDisplay") refuse(declaration, file, where);
    return imported === element.name.text ? imported : `${imported}: ${element.name.text}`;
  });
  return `const { ${properties.join(", ")} } = ${TSLAB_STAND_IN};`;
}

function refuse(node: ts.Node, file: ts.SourceFile, where: string): never {
  const code = node.getText(file).replace(/\s+/g, " ");
  throw new ExportError(
    `${where}: \`${code}\` needs the tslab kernel; outside it only \`import * as tslab from "tslab"\` ` +
      `(tslab.display.*, tslab.newDisplay()) has a stand-in: show charts with seqlab's showVegaLite, showPlotly or showBundle`,
  );
}

function moduleName(node: ts.Node): string | undefined {
  return ts.isStringLiteralLike(node) ? node.text : undefined;
}

/**
 * The stand-in for tslab's `display` and `newDisplay`, written once near the top of an exported
 * file whose cells import "tslab". Each call becomes a MIME bundle shown by seqlab's
 * DisplayHandle: outside a kernel, PNG pictures and JSON specs land in charts/ and the text is printed.
 */
export function tslabStandIn(): string {
  return `// tslab's display functions exist only in the kernel. Here they go through seqlab's DisplayHandle,
// which outside a kernel writes pictures to charts/ and prints the text.
import { DisplayHandle as SeqlabDisplayHandle } from "seqlab";
function tslabDisplay(handle?: SeqlabDisplayHandle) {
  const show = (kind: string, mime: string, value: string, text: string) =>
    (handle ?? new SeqlabDisplayHandle(kind)).show({ [mime]: value, "text/plain": text });
  const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");
  return {
    text: (s: string) => show("text", "text/plain", s, s),
    markdown: (s: string) => show("markdown", "text/markdown", s, s),
    html: (s: string) => show("html", "text/html", s, s),
    latex: (s: string) => show("latex", "text/latex", s, s),
    javascript: (s: string) => show("javascript", "application/javascript", s, "(JavaScript output, shown only in a notebook)"),
    svg: (s: string) => show("svg", "image/svg+xml", s, "(an SVG picture, shown only in a notebook)"),
    png: (b: Uint8Array) => show("png", "image/png", base64(b), "a PNG picture"),
    jpeg: (b: Uint8Array) => show("jpeg", "image/jpeg", base64(b), "(a JPEG picture, shown only in a notebook)"),
    gif: (b: Uint8Array) => show("gif", "image/gif", base64(b), "(a GIF picture, shown only in a notebook)"),
    pdf: (b: Uint8Array) => show("pdf", "application/pdf", base64(b), "(a PDF, shown only in a notebook)"),
    raw: (mime: string, data: string | Uint8Array) =>
      show("raw", mime, typeof data === "string" ? data : base64(data), typeof data === "string" && mime.startsWith("text/") ? data : \`(\${mime} output, shown only in a notebook)\`),
  };
}
const ${TSLAB_STAND_IN} = { display: tslabDisplay(), newDisplay: () => tslabDisplay(new SeqlabDisplayHandle("display")) };
`;
}
