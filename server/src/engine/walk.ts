import { ts } from "./typescript";

/**
 * Visits every descendant of `root` in source order, without recursion, so that deeply nested
 * code (a chain of thousands of `+`) cannot overflow the stack. `visit` returns false to skip
 * a node's children.
 */
export function walkDescendants(root: ts.Node, visit: (node: ts.Node) => boolean | void): void {
  const stack: ts.Node[] = [];
  const pushChildren = (node: ts.Node) => {
    const children: ts.Node[] = [];
    ts.forEachChild(node, (child) => {
      children.push(child);
    });
    for (let index = children.length - 1; index >= 0; index--) stack.push(children[index]!);
  };
  pushChildren(root);
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (visit(node) !== false) pushChildren(node);
  }
}
