// Structure-aware mutation of real DER: the input is read into a TLV tree (descending into
// constructed elements and into OCTET/BIT STRINGs that hold DER, as extension values do), edited
// node by node, and written back with consistent lengths, so that a mutation reaches the parser's
// inner rules instead of failing at the first length; byte-level edits and broken length fields
// are applied on top. Everything is driven by fast-check values, so failures shrink and replay.
import fc from 'fast-check';

/** A TLV: constructed (or holding DER) with children, or primitive with content. */
export interface TlvNode {
  tag: number;
  children?: TlvNode[];
  /** For BIT STRING wrappers of DER: the unused-bits octet kept before the children. */
  prefix?: number;
  content?: Uint8Array;
}

function readLength(buf: Uint8Array, pos: number): { length: number; next: number } | undefined {
  const first = buf[pos];
  if (first === undefined) return undefined;
  if (first < 0x80) return { length: first, next: pos + 1 };
  const count = first & 0x7f;
  if (count === 0 || count > 4 || pos + 1 + count > buf.length) return undefined;
  let length = 0;
  for (let i = 0; i < count; i++) length = length * 256 + buf[pos + 1 + i];
  return { length, next: pos + 1 + count };
}

/** Reads `buf[start, end)` as a sequence of TLVs; undefined when it is not exactly that. */
function readAll(buf: Uint8Array, start: number, end: number, depth: number): TlvNode[] | undefined {
  const out: TlvNode[] = [];
  let pos = start;
  while (pos < end) {
    const tag = buf[pos];
    if ((tag & 0x1f) === 0x1f) return undefined;
    const len = readLength(buf, pos + 1);
    if (!len || len.next + len.length > end) return undefined;
    const contentStart = len.next;
    const contentEnd = contentStart + len.length;
    out.push(nodeOf(buf, tag, contentStart, contentEnd, depth));
    pos = contentEnd;
  }
  return out;
}

function nodeOf(buf: Uint8Array, tag: number, start: number, end: number, depth: number): TlvNode {
  const content = buf.subarray(start, end);
  if (depth < 12 && tag & 0x20) {
    const children = readAll(buf, start, end, depth + 1);
    if (children) return { tag, children };
  }
  // Extension values (OCTET STRING) and keys (BIT STRING) often hold DER: mutate inside them too.
  if (depth < 12 && tag === 0x04 && end - start >= 2 && buf[start] === 0x30) {
    const children = readAll(buf, start, end, depth + 1);
    if (children) return { tag, children };
  }
  if (depth < 12 && tag === 0x03 && end - start >= 3 && buf[start] === 0 && buf[start + 1] === 0x30) {
    const children = readAll(buf, start + 1, end, depth + 1);
    if (children) return { tag, children, prefix: 0 };
  }
  return { tag, content: new Uint8Array(content) };
}

/** The TLV tree of one DER element. */
export function parseTree(der: Uint8Array): TlvNode {
  const nodes = readAll(der, 0, der.length, 0);
  if (!nodes || nodes.length !== 1) throw new Error('corpus entry is not one DER element');
  return nodes[0];
}

/** How a node's length field is written: correct, or one of the malformations DER forbids. */
export type LengthForm = 'minimal' | 'plus-one' | 'minus-one' | 'non-minimal' | 'indefinite' | 'five-bytes' | 'huge';

function lengthBytes(n: number, form: LengthForm): number[] {
  const minimal = (v: number): number[] => {
    if (v < 0x80) return [v];
    const bytes: number[] = [];
    for (let x = v; x > 0; x = Math.floor(x / 256)) bytes.unshift(x & 0xff);
    return [0x80 | bytes.length, ...bytes];
  };
  switch (form) {
    case 'minimal':
      return minimal(n);
    case 'plus-one':
      return minimal(n + 1);
    case 'minus-one':
      return minimal(Math.max(0, n - 1));
    case 'non-minimal':
      return [0x82, (n >> 8) & 0xff, n & 0xff];
    case 'indefinite':
      return [0x80];
    case 'five-bytes':
      return [0x85, 0, 0, 0, (n >> 8) & 0xff, n & 0xff];
    case 'huge':
      return [0x84, 0xff, 0xff, 0xff, 0xff];
  }
}

/** Writes a tree back to DER; `forms` overrides the length encoding of some nodes (by preorder index). */
export function encodeTree(root: TlvNode, forms: ReadonlyMap<number, LengthForm> = new Map()): Uint8Array {
  let index = 0;
  const encode = (node: TlvNode): Buffer => {
    const form = forms.get(index++) ?? 'minimal';
    const body = node.children
      ? Buffer.concat([...(node.prefix !== undefined ? [Buffer.from([node.prefix])] : []), ...node.children.map(encode)])
      : Buffer.from(node.content ?? new Uint8Array(0));
    return Buffer.concat([Buffer.from([node.tag, ...lengthBytes(body.length, form)]), body]);
  };
  return new Uint8Array(encode(root));
}

/** Every node of a tree in preorder, with its parent and its index among the parent's children. */
function preorder(root: TlvNode): { node: TlvNode; parent?: TlvNode; at: number }[] {
  const out: { node: TlvNode; parent?: TlvNode; at: number }[] = [];
  const walk = (node: TlvNode, parent: TlvNode | undefined, at: number): void => {
    out.push({ node, parent, at });
    node.children?.forEach((c, i) => walk(c, node, i));
  };
  walk(root, undefined, 0);
  return out;
}

function clone(node: TlvNode): TlvNode {
  return {
    tag: node.tag,
    prefix: node.prefix,
    children: node.children?.map(clone),
    content: node.content && new Uint8Array(node.content),
  };
}

/** Tags worth trying: the universal types X.509 uses, context tags, and a few it never does. */
const TAGS = [
  0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x0a, 0x0c, 0x12, 0x13, 0x14, 0x16, 0x17, 0x18, 0x1a, 0x1c, 0x1e, 0x30, 0x31, 0x80, 0x81, 0x82, 0x86,
  0x87, 0x88, 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0x00, 0x1f, 0x3f, 0xff,
];

/** Contents that sit on the edges of DER's rules (integers, booleans, strings, times, OIDs). */
const CONTENTS: readonly number[][] = [
  [],
  [0x00],
  [0x01],
  [0x7f],
  [0x80],
  [0xff],
  [0x00, 0x00],
  [0x00, 0x7f],
  [0x00, 0x80],
  [0xff, 0x80],
  [0xff, 0xff],
  [0x01, 0x00, 0x01],
  [0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01],
  [...Buffer.from('991231235960Z')],
  [...Buffer.from('20500101000000Z')],
  [...Buffer.from('000229000000Z')],
  [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d],
  [0x80, 0x01],
  [0x2b, 0x80],
  [0xc0, 0x80],
  [0xed, 0xa0, 0x80],
  [0x00, 0xd8, 0x00, 0xdc],
  [0x00, 0x11, 0x00, 0x00],
];

/** One edit of the tree (node chosen by preorder index, modulo the node count). */
export type TreeEdit =
  | { op: 'tag'; node: number; tag: number }
  | { op: 'drop'; node: number }
  | { op: 'duplicate'; node: number; times: number }
  | { op: 'content'; node: number; content: number[] }
  | { op: 'swap'; node: number }
  | { op: 'unwrap'; node: number }
  | { op: 'length'; node: number; form: LengthForm };

/** One edit of the written bytes. */
export type ByteEdit =
  | { op: 'flip'; at: number; bit: number }
  | { op: 'set'; at: number; value: number }
  | { op: 'insert'; at: number; value: number }
  | { op: 'delete'; at: number }
  | { op: 'truncate'; at: number };

const nodeIndex = fc.nat({ max: 10_000 });
const treeEdit: fc.Arbitrary<TreeEdit> = fc.oneof(
  fc.record({ op: fc.constant('tag' as const), node: nodeIndex, tag: fc.oneof(fc.constantFrom(...TAGS), fc.nat({ max: 255 })) }),
  fc.record({ op: fc.constant('drop' as const), node: nodeIndex }),
  fc.record({ op: fc.constant('duplicate' as const), node: nodeIndex, times: fc.integer({ min: 1, max: 3 }) }),
  fc.record({
    op: fc.constant('content' as const),
    node: nodeIndex,
    content: fc.oneof(fc.constantFrom(...CONTENTS), fc.array(fc.nat({ max: 255 }), { maxLength: 12 })),
  }),
  fc.record({ op: fc.constant('swap' as const), node: nodeIndex }),
  fc.record({ op: fc.constant('unwrap' as const), node: nodeIndex }),
  fc.record({
    op: fc.constant('length' as const),
    node: nodeIndex,
    form: fc.constantFrom<LengthForm>('plus-one', 'minus-one', 'non-minimal', 'indefinite', 'five-bytes', 'huge'),
  }),
);
const position = fc.nat({ max: 1 << 20 });
const byteEdit: fc.Arbitrary<ByteEdit> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: position, bit: fc.nat({ max: 7 }) }),
  fc.record({ op: fc.constant('set' as const), at: position, value: fc.nat({ max: 255 }) }),
  fc.record({ op: fc.constant('insert' as const), at: position, value: fc.nat({ max: 255 }) }),
  fc.record({ op: fc.constant('delete' as const), at: position }),
  fc.record({ op: fc.constant('truncate' as const), at: position }),
);

/** A recipe: which corpus entry, which tree edits, which byte edits (at least one edit). */
export interface DerMutation {
  entry: number;
  tree: TreeEdit[];
  bytes: ByteEdit[];
}

/** Recipes for a corpus of `size` entries: mostly tree edits, sometimes raw bytes, sometimes both. */
export function derMutation(size: number): fc.Arbitrary<DerMutation> {
  return fc
    .record({
      entry: fc.nat({ max: size - 1 }),
      tree: fc.array(treeEdit, { maxLength: 3 }),
      bytes: fc.array(byteEdit, { maxLength: 3 }),
    })
    .filter((m) => m.tree.length + m.bytes.length > 0);
}

function applyTreeEdit(root: TlvNode, edit: TreeEdit, forms: Map<number, LengthForm>): void {
  const nodes = preorder(root);
  const index = edit.node % nodes.length;
  const { node, parent, at } = nodes[index];
  switch (edit.op) {
    case 'tag':
      node.tag = edit.tag;
      break;
    case 'drop':
      if (parent?.children) parent.children.splice(at, 1);
      else node.children = [];
      break;
    case 'duplicate':
      if (parent?.children) parent.children.splice(at, 0, ...Array.from({ length: edit.times }, () => clone(node)));
      break;
    case 'content':
      node.children = undefined;
      node.prefix = undefined;
      node.content = new Uint8Array(edit.content);
      break;
    case 'swap':
      if (parent?.children && at + 1 < parent.children.length) {
        [parent.children[at], parent.children[at + 1]] = [parent.children[at + 1], parent.children[at]];
      }
      break;
    case 'unwrap':
      // Replace a constructed node by its children (a missing level of nesting).
      if (parent?.children && node.children) parent.children.splice(at, 1, ...node.children);
      break;
    case 'length':
      forms.set(index, edit.form);
      break;
  }
}

function applyByteEdit(bytes: Buffer, edit: ByteEdit): Buffer {
  if (bytes.length === 0) return edit.op === 'insert' ? Buffer.from([edit.value]) : bytes;
  const at = edit.at % bytes.length;
  switch (edit.op) {
    case 'flip': {
      const out = Buffer.from(bytes);
      out[at] ^= 1 << edit.bit;
      return out;
    }
    case 'set': {
      const out = Buffer.from(bytes);
      out[at] = edit.value;
      return out;
    }
    case 'insert':
      return Buffer.concat([bytes.subarray(0, at), Buffer.from([edit.value]), bytes.subarray(at)]);
    case 'delete':
      return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1)]);
    case 'truncate':
      return bytes.subarray(0, at);
  }
}

/** Applies a recipe to its corpus entry (trees are parsed once by the caller and never changed here). */
export function mutate(trees: readonly TlvNode[], m: DerMutation): Uint8Array {
  const root = clone(trees[m.entry % trees.length]);
  const forms = new Map<number, LengthForm>();
  for (const edit of m.tree) applyTreeEdit(root, edit, forms);
  let bytes: Buffer = Buffer.from(encodeTree(root, forms));
  for (const edit of m.bytes) bytes = applyByteEdit(bytes, edit);
  return new Uint8Array(bytes);
}

/** `count` copies of the node at `node` (preorder), for the cost-versus-size checks. */
export function repeatNode(tree: TlvNode, node: number, count: number): Uint8Array {
  const root = clone(tree);
  const nodes = preorder(root);
  const { node: target, parent, at } = nodes[1 + (node % (nodes.length - 1))];
  parent!.children!.splice(at, 1, ...Array.from({ length: count }, () => clone(target)));
  return encodeTree(root);
}
