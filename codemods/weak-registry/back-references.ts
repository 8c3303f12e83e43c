import { Node, SyntaxKind, type ClassDeclaration, type SourceFile } from 'ts-morph';
import type { ParsedFile } from '../../src/codemod/types.js';
import type { RetainedBackReferenceFinding } from '../../src/detectors/retained-back-references.js';
import { ChangeBuilder, refuse, type Outcome } from './change-set.js';
import { isObjectType } from './registries.js';
import { exactNode, indentUnit, lineIndent } from './text.js';

export interface BackReferenceContext {
  readonly file: ParsedFile;
  readonly sourceFile: SourceFile;
  /** True when the codemod may edit `path` (it is one of the run's files). */
  inRun(path: string): boolean;
  /** `src/app.ts:12` for messages. */
  describe(node: Node): string;
  /** Whether `path` is written with semicolons. */
  semicolons(path: string): boolean;
  /** What `findReferencesAsNodes()` gives for `node`, searched only where it can be named (see ReferenceFinder). */
  references(node: Node): Node[];
}

export interface BackReferenceOutcome {
  readonly outcome: Outcome;
  /** The field the fix changes (`/abs/player.ts:123`), so two findings about one field make one fix. */
  readonly key: string | null;
}

const TS_FILE = /\.[mc]?tsx?$/i;

/**
 * `new Player(id, this)` stored in a long-lived registry: the child's field
 * that keeps the argument (`readonly room: Room`, or a field assigned from the
 * parameter) becomes `private readonly roomRef: WeakRef<Room>` with a
 * `get room(): Room | undefined` getter; every `new Player(…)` passes
 * `new WeakRef(…)`, and every `x.room.y` read in the project becomes
 * `x.room?.y`. Anything else is left for manual review.
 */
export function analyzeBackReference(finding: RetainedBackReferenceFinding, cx: BackReferenceContext): BackReferenceOutcome {
  const path = cx.file.path;
  const at = finding.node.range[0];
  const owner = finding.className ?? 'the instance';
  const fail = (why: string, key: string | null = null): BackReferenceOutcome => ({
    outcome: refuse(path, at, `${finding.childName ?? 'this object'} keeps ${owner} alive from '${finding.root.name}': ${why}; hold the back-reference with WeakRef by hand, or remove the child from '${finding.root.name}' when ${owner} is disposed`),
    key,
  });
  if (finding.backReference.kind !== 'constructorArgument' || finding.child.type !== 'NewExpression') {
    return fail('`this` is put into an object literal or assigned to a property, so there is no single field to make weak');
  }
  const argumentIndex = finding.backReference.argumentIndex;
  const construction = exactNode(cx.sourceFile, finding.child, Node.isNewExpression);
  if (!construction || !Node.isNewExpression(construction)) return fail('cannot locate the construction in the TypeScript project');
  const classNode = classOf(construction.getExpression());
  if (!classNode) return fail(`cannot find the declaration of ${finding.childName ?? 'the class'} in the project`);
  const classFile = classNode.getSourceFile();
  const classPath = classFile.getFilePath();
  if (classFile.isDeclarationFile() || classFile.isFromExternalLibrary() || classFile.getFilePath().includes('/node_modules/')) return fail(`${classNode.getName() ?? 'the class'} is declared outside the project`);
  if (!TS_FILE.test(classPath)) return fail(`${classNode.getName() ?? 'the class'} is declared in JavaScript, where a typed WeakRef field cannot be checked`);
  if (!cx.inRun(classPath)) return fail(`${classNode.getName() ?? 'the class'} is declared in ${cx.describe(classNode)}, outside the paths given`);
  const constructors = classNode.getConstructors();
  const constructorNode = constructors.find((candidate) => candidate.hasBody());
  if (constructors.length !== 1 || !constructorNode) return fail('its constructor is overloaded or missing');
  const parameter = constructorNode.getParameters()[argumentIndex];
  if (!parameter || parameter.isRestParameter() || parameter.hasQuestionToken() || parameter.getInitializer() || !Node.isIdentifier(parameter.getNameNode())) {
    return fail(`the constructor parameter ${argumentIndex + 1} is optional, destructured or a rest parameter`);
  }
  const key = `${classPath}:${parameter.getStart()}`;
  const classText = classFile.getFullText();
  const semicolon = cx.semicolons(classPath) ? ';' : '';
  const change = new ChangeBuilder();

  // Where the strong reference lives: a parameter property, or a field assigned from the parameter in the constructor.
  let property: string;
  let typeText: string;
  let scope: string;
  let referenceTarget: Node;
  let constructorAssignment: Node | null = null;
  if (parameter.isParameterProperty()) {
    property = parameter.getName();
    const typeNode = parameter.getTypeNode();
    if (!typeNode) return fail(`'${property}' has no declared type`, key);
    if (parameter.hasModifier('override') || parameter.getDecorators().length > 0) return fail(`'${property}' has decorators or override`, key);
    typeText = typeNode.getText();
    scope = parameter.hasScopeKeyword() ? `${parameter.getScope()} ` : '';
    const parameterName = parameter.getNameNode();
    if (!Node.isIdentifier(parameterName)) return fail(`'${property}' is destructured`, key);
    referenceTarget = parameterName;
    // The constructor body would still read the parameter under its old name, which goes away.
    const body = constructorNode.getBody();
    for (const reference of cx.references(parameterName)) {
      if (body && reference.getSourceFile() === classFile && body.containsRange(reference.getPos(), reference.getEnd()) && !isPropertyName(reference)) {
        return fail(`the constructor reads the parameter '${property}' directly`, key);
      }
    }
    change.replace(classPath, parameter.getStart(), parameter.getEnd(), `private readonly ${property}Ref: WeakRef<${typeText}>`);
  } else {
    const parameterName = parameter.getName();
    const assignment = constructorNode.getStatements().find((statement) => {
      if (!Node.isExpressionStatement(statement)) return false;
      const expression = statement.getExpression();
      if (!Node.isBinaryExpression(expression) || expression.getOperatorToken().getText() !== '=') return false;
      const left = expression.getLeft();
      const right = expression.getRight();
      return Node.isPropertyAccessExpression(left) && Node.isThisExpression(left.getExpression()) && Node.isIdentifier(right) && right.getText() === parameterName;
    });
    if (!assignment) return fail(`the constructor does not keep its parameter '${parameterName}' in a field (this.x = ${parameterName})`, key);
    const expression = Node.isExpressionStatement(assignment) ? assignment.getExpression() : null;
    const target = expression && Node.isBinaryExpression(expression) ? expression.getLeft() : null;
    if (!target || !Node.isPropertyAccessExpression(target)) return fail('unsupported field assignment', key);
    property = target.getName();
    const field = classNode.getInstanceProperty(property);
    if (!field || !Node.isPropertyDeclaration(field)) return fail(`'${property}' is not declared as a field of ${classNode.getName() ?? 'the class'}`, key);
    const typeNode = field.getTypeNode();
    if (!typeNode || field.getInitializer() || field.hasQuestionToken() || field.hasExclamationToken() || field.hasModifier('override') || field.hasModifier('declare') || field.getDecorators().length > 0) {
      return fail(`the field '${property}' has no plain declared type`, key);
    }
    const parameterType = parameter.getTypeNode();
    if (!parameterType) return fail(`the parameter '${parameterName}' has no declared type`, key);
    typeText = typeNode.getText();
    scope = field.hasScopeKeyword() ? `${field.getScope()} ` : '';
    const fieldName = field.getNameNode();
    if (!Node.isIdentifier(fieldName)) return fail(`the field '${property}' has a computed or private name`, key);
    referenceTarget = fieldName;
    constructorAssignment = target.getNameNode();
    change.replace(classPath, field.getStart(), typeNode.getEnd(), `private readonly ${property}Ref: WeakRef<${typeText}>`);
    change.replace(classPath, parameterType.getStart(), parameterType.getEnd(), `WeakRef<${typeText}>`);
    change.replace(classPath, constructorAssignment.getStart(), constructorAssignment.getEnd(), `${property}Ref`);
  }
  if (!isObjectType(parameter.getType())) return fail(`'${property}' is typed ${typeText}, which WeakRef cannot hold`, key);
  if (classNode.getMembers().some((member) => Node.hasName(member) && (member.getName() === `${property}Ref` || (member.getName() === property && !Node.isPropertyDeclaration(member))))) {
    return fail(`${classNode.getName() ?? 'the class'} already has a member named '${property}Ref' or a '${property}' accessor`, key);
  }

  // The getter keeps `player.room` readable everywhere.
  const indent = lineIndent(classText, constructorNode.getStart());
  const unit = indentUnit(classText);
  const returned = /=>/.test(typeText) ? `(${typeText})` : typeText;
  change.insert(
    classPath,
    constructorNode.getEnd(),
    `\n\n${indent}${scope}get ${property}(): ${returned} | undefined {\n${indent}${unit}return this.${property}Ref.deref()${semicolon}\n${indent}}`,
  );

  // Every read of the field may now see `undefined`.
  for (const reference of cx.references(referenceTarget)) {
    if (reference === referenceTarget || (constructorAssignment && reference.getStart() === constructorAssignment.getStart() && reference.getSourceFile() === classFile)) continue;
    const access = reference.getParent();
    if (!access || !Node.isPropertyAccessExpression(access) || access.getNameNode() !== reference) continue;
    const user = access.getParent();
    const referencePath = reference.getSourceFile().getFilePath();
    if (user && isWrite(user, access)) {
      return fail(`'${property}' is assigned at ${cx.describe(access)}`, key);
    }
    if (!user || access.hasQuestionDotToken()) continue;
    let insertAt: number | null = null;
    let insertText = '?';
    if (Node.isPropertyAccessExpression(user) && user.getExpression() === access && !user.hasQuestionDotToken()) {
      insertAt = user.getFirstChildByKind(SyntaxKind.DotToken)?.getStart() ?? null;
    } else if (Node.isElementAccessExpression(user) && user.getExpression() === access && !user.hasQuestionDotToken()) {
      insertAt = user.getArgumentExpression() ? access.getEnd() : null;
      insertText = '?.';
    } else if (Node.isCallExpression(user) && user.getExpression() === access && !user.hasQuestionDotToken()) {
      insertAt = access.getEnd();
      insertText = '?.';
    }
    if (insertAt === null) continue;
    if (!cx.inRun(referencePath)) return fail(`'${property}' is read at ${cx.describe(access)}, outside the paths given`, key);
    change.insert(referencePath, insertAt, insertText);
  }

  // Every construction passes a WeakRef.
  const className = classNode.getNameNode();
  if (!className) return fail('the class has no name', key);
  for (const reference of cx.references(className)) {
    const parent = reference.getParent();
    if (parent && Node.isExpressionWithTypeArguments(parent) && Node.isHeritageClause(parent.getParent())) {
      const clause = parent.getParentOrThrow();
      if (Node.isHeritageClause(clause) && clause.getToken() === SyntaxKind.ExtendsKeyword) return fail(`${className.getText()} is subclassed at ${cx.describe(parent)}`, key);
      continue;
    }
    if (!parent || !Node.isNewExpression(parent) || parent.getExpression() !== reference) continue;
    const argumentsList = parent.getArguments();
    const argument = argumentsList[argumentIndex];
    if (!argument || argumentsList.slice(0, argumentIndex + 1).some((candidate) => Node.isSpreadElement(candidate))) return fail(`${cx.describe(parent)} constructs ${className.getText()} without a plain argument ${argumentIndex + 1}`, key);
    if (Node.isNewExpression(argument) && argument.getExpression().getText() === 'WeakRef') continue;
    const referencePath = reference.getSourceFile().getFilePath();
    if (!cx.inRun(referencePath)) return fail(`${className.getText()} is constructed at ${cx.describe(parent)}, outside the paths given`, key);
    change.insert(referencePath, argument.getStart(), 'new WeakRef(').insert(referencePath, argument.getEnd(), ')');
  }
  return { outcome: { kind: 'fix', change: change.build(`${classNode.getName() ?? 'class'}.${property} → WeakRef`, { path, offset: at }) }, key };
}


const ASSIGNMENTS = new Set(['=', '+=', '-=', '*=', '/=', '%=', '**=', '<<=', '>>=', '>>>=', '&=', '|=', '^=', '&&=', '||=', '??=']);

/** `x.room = …`, `x.room ??= …`, `delete x.room`, `x.room++`. */
function isWrite(user: Node, access: Node): boolean {
  if (Node.isBinaryExpression(user)) return user.getLeft() === access && ASSIGNMENTS.has(user.getOperatorToken().getText());
  if (Node.isPrefixUnaryExpression(user)) return user.getOperatorToken() === SyntaxKind.PlusPlusToken || user.getOperatorToken() === SyntaxKind.MinusMinusToken;
  return Node.isDeleteExpression(user) || Node.isPostfixUnaryExpression(user);
}

function isPropertyName(reference: Node): boolean {
  const parent = reference.getParent();
  return parent !== undefined && Node.isPropertyAccessExpression(parent) && parent.getNameNode() === reference;
}

function classOf(expression: Node): ClassDeclaration | null {
  let symbol = expression.getSymbol();
  if (symbol?.isAlias()) symbol = symbol.getAliasedSymbol();
  for (const declaration of symbol?.getDeclarations() ?? []) {
    if (Node.isClassDeclaration(declaration)) return declaration;
  }
  return null;
}
