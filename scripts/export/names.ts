/**
 * The names a notebook cell declares at its top level, and the names it uses. A cell sees every
 * name an earlier cell declared (tslab keeps them all in one scope), so these two lists tell which
 * earlier cells a cell needs (slice.ts) and whether cells can share one file (convert.ts).
 */
import ts from "typescript";

/** Parses one cell's TypeScript (tslab cells are TypeScript with top-level await). */
export function parseCell(source: string, fileName = "cell.ts"): ts.SourceFile {
  return ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

/**
 * Every name the cell declares at its top level: variables (destructuring included), functions,
 * classes, interfaces, type aliases, enums, namespaces and import bindings, in source order.
 */
export function declaredNames(file: ts.SourceFile): string[] {
  return file.statements.flatMap(statementNames);
}

/** The names one top-level statement declares. */
export function statementNames(statement: ts.Statement): string[] {
  if (ts.isVariableStatement(statement)) {
    return statement.declarationList.declarations.flatMap((declaration) => bindingNames(declaration.name));
  }
  if (ts.isImportDeclaration(statement)) return importedNames(statement);
  if (
    ts.isFunctionDeclaration(statement) ||
    ts.isClassDeclaration(statement) ||
    ts.isInterfaceDeclaration(statement) ||
    ts.isTypeAliasDeclaration(statement) ||
    ts.isEnumDeclaration(statement) ||
    ts.isModuleDeclaration(statement) ||
    ts.isImportEqualsDeclaration(statement)
  ) {
    return statement.name !== undefined && ts.isIdentifier(statement.name) ? [statement.name.text] : [];
  }
  return [];
}

/** The local names an import declaration binds: `tf` in `import * as tf`, `a` and `c` in `{ a, b as c }`. */
export function importedNames(declaration: ts.ImportDeclaration): string[] {
  const clause = declaration.importClause;
  if (clause === undefined) return [];
  const names = clause.name === undefined ? [] : [clause.name.text];
  const bindings = clause.namedBindings;
  if (bindings === undefined) return names;
  if (ts.isNamespaceImport(bindings)) return [...names, bindings.name.text];
  return [...names, ...bindings.elements.map((element) => element.name.text)];
}

function bindingNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((element) => (ts.isOmittedExpression(element) ? [] : bindingNames(element.name)));
}

/**
 * Every name `node` refers to, in values and in types: `gru` and `tf` in `gru.W.add(tf.ones([3]))`,
 * but not `W`, `add` or `ones`. Scopes are not followed, so a local variable that shadows a
 * top-level name counts as a use of it: the list may hold too many names, never too few.
 */
export function usedNames(node: ts.Node): Set<string> {
  const names = new Set<string>();
  const visit = (child: ts.Node): void => {
    if (ts.isIdentifier(child) && isReference(child)) names.add(child.text);
    ts.forEachChild(child, visit);
  };
  visit(node);
  return names;
}

/** Whether an identifier refers to a binding, rather than naming a property, a member or a declaration. */
function isReference(identifier: ts.Identifier): boolean {
  const parent = identifier.parent;
  // { gru } is a use of gru; in { gru: x } and x.gru, gru names a property
  if (ts.isShorthandPropertyAssignment(parent)) return parent.name === identifier;
  if (ts.isQualifiedName(parent)) return parent.left === identifier;
  if (ts.isExportSpecifier(parent)) return true;
  if ((ts.isImportSpecifier(parent) || ts.isBindingElement(parent)) && parent.propertyName === identifier) return false;
  if (ts.isLabeledStatement(parent) || ts.isBreakOrContinueStatement(parent)) return false;
  if (ts.isMetaProperty(parent)) return false;
  // the name of whatever declares or names it: a variable, a parameter, a function, a property…
  return (parent as { name?: ts.Node }).name !== identifier;
}
