/**
 * tslab shows the value of a cell's last expression, as a REPL does; a script shows nothing.
 * The export prints it with console.log where the expression is a value to look at (`x.shape`,
 * `answer / 4`, `[a, b]`). A call is left as it is: it is usually there for what it does, and its
 * value is often undefined, which the kernel does not print either (`await showVegaLite(…)`).
 */
import ts from "typescript";
import type { Edit } from "./edits";

/** The edit that wraps the cell's last statement in console.log, if it is a value to show. */
export function lastValueEdit(file: ts.SourceFile): Edit | undefined {
  const last = file.statements[file.statements.length - 1];
  if (last === undefined || !ts.isExpressionStatement(last) || !isShownValue(last.expression)) return undefined;
  return { start: last.getStart(file), end: last.getEnd(), text: `console.log(${last.expression.getText(file)});` };
}

/** What an expression written to be looked at is, besides arithmetic: a name, a property, a literal, a template, an array, an object, a conditional. */
const SHOWN_KINDS: ReadonlySet<ts.SyntaxKind> = new Set([
  ts.SyntaxKind.Identifier,
  ts.SyntaxKind.PropertyAccessExpression,
  ts.SyntaxKind.ElementAccessExpression,
  ts.SyntaxKind.NumericLiteral,
  ts.SyntaxKind.BigIntLiteral,
  ts.SyntaxKind.StringLiteral,
  ts.SyntaxKind.RegularExpressionLiteral,
  ts.SyntaxKind.NoSubstitutionTemplateLiteral,
  ts.SyntaxKind.TemplateExpression,
  ts.SyntaxKind.ArrayLiteralExpression,
  ts.SyntaxKind.ObjectLiteralExpression,
  ts.SyntaxKind.ConditionalExpression,
  ts.SyntaxKind.TrueKeyword,
  ts.SyntaxKind.FalseKeyword,
  ts.SyntaxKind.NullKeyword,
]);

/** A name, a property, a literal or arithmetic on them: an expression written to be looked at. */
function isShownValue(expression: ts.Expression): boolean {
  const inner = withoutWrapping(expression);
  if (ts.isBinaryExpression(inner)) return !isAssignment(inner.operatorToken.kind);
  if (ts.isAwaitExpression(inner)) return isShownValue(inner.expression);
  if (ts.isPrefixUnaryExpression(inner)) {
    return inner.operator !== ts.SyntaxKind.PlusPlusToken && inner.operator !== ts.SyntaxKind.MinusMinusToken;
  }
  return SHOWN_KINDS.has(inner.kind);
}

/** The expression inside parentheses, `as T`, `satisfies T` and `!`. */
function withoutWrapping(expression: ts.Expression): ts.Expression {
  let inner = expression;
  while (
    ts.isParenthesizedExpression(inner) ||
    ts.isAsExpression(inner) ||
    ts.isSatisfiesExpression(inner) ||
    ts.isNonNullExpression(inner) ||
    ts.isTypeAssertionExpression(inner)
  ) {
    inner = inner.expression;
  }
  return inner;
}

function isAssignment(operator: ts.SyntaxKind): boolean {
  return operator >= ts.SyntaxKind.FirstAssignment && operator <= ts.SyntaxKind.LastAssignment;
}
