// The last node object drawn for each id, so a change event can name the exact object VS Code knows and getParent
// can answer. Bounded: each render of a parent replaces that parent's children (those gone are forgotten with all
// that hung below them), and a hard cap drops the least recently drawn beyond it. No vscode import: unit-tested.
import { LruMap } from '../model/lru';

export const ROOT = '';

export class NodeIndex<N extends { readonly id?: string }> {
  private readonly byId: LruMap<string, N>;
  /** Parent id (ROOT for the roots) → ids of the children last drawn under it. */
  private readonly children = new Map<string, string[]>();

  constructor(readonly max = 5000) {
    this.byId = new LruMap(max, (id) => this.forgetBelow(id));
  }

  /** The children just drawn under `parentId` (undefined: the roots). */
  rendered(parentId: string | undefined, list: readonly N[]): void {
    const key = parentId ?? ROOT;
    if (key !== ROOT) this.byId.get(key); // drawing a parent's children counts as a use of the parent
    const next = new Set<string>();
    for (const n of list) if (n.id) next.add(n.id);
    for (const old of this.children.get(key) ?? []) if (!next.has(old)) this.forget(old);
    for (const n of list) if (n.id) this.byId.set(n.id, n);
    if (key === ROOT || this.byId.has(key)) this.children.set(key, [...next]);
  }

  get(id: string | undefined): N | undefined {
    return id === undefined ? undefined : this.byId.peek(id);
  }

  /** Nodes kept, and parents whose children are remembered. */
  get size(): { nodes: number; parents: number } {
    return { nodes: this.byId.size, parents: this.children.size };
  }

  clear(): void {
    this.byId.clear();
    this.children.clear();
  }

  private forget(id: string): void {
    this.byId.delete(id);
    this.forgetBelow(id);
  }

  private forgetBelow(id: string): void {
    const kids = this.children.get(id);
    this.children.delete(id);
    for (const k of kids ?? []) this.forget(k);
  }
}
