/**
 * The concrete syntax tree of an HCL file copied out of tree-sitter into plain JavaScript objects, for the
 * converter in parse.ts.
 */
import type { Language, Tree } from "web-tree-sitter";

/**
 * A node of the concrete syntax tree, copied out of tree-sitter: what the converter reads (type, children,
 * start and end offsets, rows, text), as plain JavaScript. Why a copy: every property of a web-tree-sitter
 * Node (type, children, end offset, text) is a call into WebAssembly that makes new objects, and the converter
 * asks several per node; one walk of a cursor that reads each node's type id, start and end once, with rows
 * taken from the text's line starts, made the conversion about a third cheaper (the shared corpus's 3,333
 * Terraform files of bench:iac: 1.6-2.6 s of CPU before, 1.05-1.75 s after, at a load of 14-18;
 * docs/performance.md). The tree-sitter tree is freed once converted, as before.
 */
export class CstNode {
  readonly type: string;
  readonly isNamed: boolean;
  readonly startIndex: number;
  readonly endIndex: number;
  /** Zero-based row of the first character, as tree-sitter counts rows (a "\n" starts one). */
  readonly row: number;
  readonly children: CstNode[] = [];
  private named: CstNode[] | undefined;
  private readonly source: SourceLines;
  constructor(source: SourceLines, type: string, isNamed: boolean, startIndex: number, endIndex: number) {
    this.source = source;
    this.type = type;
    this.isNamed = isNamed;
    this.startIndex = startIndex;
    this.endIndex = endIndex;
    this.row = source.rowAt(startIndex);
  }
  get namedChildren(): CstNode[] {
    this.named ??= this.children.filter((child) => child.isNamed);
    return this.named;
  }
  get text(): string {
    return this.source.text.slice(this.startIndex, this.endIndex);
  }
  /** Zero-based row of the end position (tree-sitter's endPosition.row). */
  get endRow(): number {
    return this.source.rowAt(this.endIndex);
  }
}

/**
 * A text's line starts, for rows by offset (offsets are UTF-16 indices, as web-tree-sitter and JavaScript
 * strings count them). Also the fast parser's (fast-parse.ts).
 */
export class SourceLines {
  readonly text: string;
  private readonly starts: number[] = [0];
  /** The row of the last lookup: offsets come mostly in increasing order (a depth-first walk). */
  private last = 0;
  constructor(text: string) {
    this.text = text;
    for (let at = text.indexOf("\n"); at >= 0; at = text.indexOf("\n", at + 1)) this.starts.push(at + 1);
  }
  rowAt(offset: number): number {
    const starts = this.starts;
    let row = this.last;
    if (offset < starts[row]!) {
      // Back: binary search for the last start at or before the offset.
      let low = 0;
      let high = row;
      while (low < high) {
        const mid = (low + high + 1) >> 1;
        if (starts[mid]! <= offset) low = mid;
        else high = mid - 1;
      }
      row = low;
    } else while (row + 1 < starts.length && starts[row + 1]! <= offset) row++;
    this.last = row;
    return row;
  }
}

/** Whether each node type of a language is named, by type id (asked of the language once per type). */
const namedTypes = new WeakMap<Language, boolean[]>();

function namedTable(language: Language): boolean[] {
  let table = namedTypes.get(language);
  if (!table) {
    table = Array.from({ length: language.nodeTypeCount }, (_, id) => language.nodeTypeIsNamed(id));
    namedTypes.set(language, table);
  }
  return table;
}

/** Copies a (syntax-error-free) tree into CstNodes with one cursor walk, depth first, without recursion. */
export function copyTree(tree: Tree, text: string): CstNode {
  const source = new SourceLines(text);
  const language = tree.language;
  const types = language.types;
  const named = namedTable(language);
  const cursor = tree.walk();
  const make = () => {
    const id = cursor.nodeTypeId;
    return new CstNode(source, types[id] || "ERROR", named[id] === true, cursor.startIndex, cursor.endIndex);
  };
  try {
    const root = make();
    // The path from the root to the cursor's node.
    const path: CstNode[] = [root];
    for (;;) {
      if (cursor.gotoFirstChild()) {
        const child = make();
        path[path.length - 1]!.children.push(child);
        path.push(child);
        continue;
      }
      for (;;) {
        path.pop();
        if (cursor.gotoNextSibling()) {
          const sibling = make();
          path[path.length - 1]!.children.push(sibling);
          path.push(sibling);
          break;
        }
        if (!cursor.gotoParent()) return root;
      }
    }
  } finally {
    cursor.delete();
  }
}
