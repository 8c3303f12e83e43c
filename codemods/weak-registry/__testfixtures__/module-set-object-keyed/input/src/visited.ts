export interface Node {
  readonly children: readonly Node[];
}

const seen = new Set<Node>();

export function visit(node: Node): number {
  if (seen.has(node)) return 0;
  seen.add(node);
  let count = 1;
  for (const child of node.children) count += visit(child);
  return count;
}
