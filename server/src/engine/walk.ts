import { ts } from "./typescript";

/**
 * Visits every descendant of `root` in source order, without recursion, so that deeply nested
 * code (a chain of thousands of `+`) cannot overflow the stack. `visit` returns false to skip
 * a node's children.
 */
export function walkDescendants(root: ts.Node, visit: (node: ts.Node) => boolean | void): void {
  const stack: ts.Node[] = [];
  // `forEachChild` stops at the first truthy callback result, and `Array.push` returns a length.
  const push = (child: ts.Node): void => {
    stack.push(child);
  };
  // Pushes the children in reverse, so that the first child is popped first.
  const pushChildren = (node: ts.Node) => {
    const start = stack.length;
    ts.forEachChild(node, push);
    for (let low = start, high = stack.length - 1; low < high; low++, high--) {
      const child = stack[low]!;
      stack[low] = stack[high]!;
      stack[high] = child;
    }
  };
  pushChildren(root);
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (visit(node) !== false) pushChildren(node);
  }
}
