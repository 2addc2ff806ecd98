// Reaching the extension under test from inside the extension host. Every test reaches the tree (its nodes, their
// kinds, refresh, idle) and the stored keys only through the helpers here: one place to adapt when src/tree changes.
import * as vscode from 'vscode';
import { EXTENSION_ID, secretName } from '../../src/ids';
import type { TestApi } from '../../src/extension';
import type { InstanceMeta } from '../../src/key/secretKey';
import type * as N from '../../src/tree/nodes';
import { ScriptedPrompts } from './scriptedPrompts';
import { setApiUrl } from './local';

export function extension(): vscode.Extension<TestApi | undefined> {
  const ext = vscode.extensions.getExtension<TestApi | undefined>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  return ext;
}

export async function api(): Promise<TestApi> {
  const a = await extension().activate();
  if (!a) throw new Error('the extension returned no test API: is the host in Test mode?');
  return a;
}

/** Give the extension a fresh scripted prompt seam and return it. */
export async function scripted(): Promise<ScriptedPrompts> {
  const a = await api();
  const p = new ScriptedPrompts();
  a.prompts.impl = p;
  return p;
}

export function fakeKey(kind: 'test' | 'live' = 'test'): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16)).join('');
  return `sk_${kind}_FAKE${hex}`;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until `condition` holds (polled every 50 ms), or fails saying what it waited for. */
export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  await until(what, condition, timeoutMs);
}

/** Resolves on the next firing of `event` (that `filter` accepts), or fails saying what it waited for. */
export function nextEvent<T>(what: string, event: vscode.Event<T>, timeoutMs = 10_000, filter?: (e: T) => boolean): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out waiting for ${what} (${timeoutMs} ms)`));
    }, timeoutMs);
    const sub = event((e) => {
      if (filter && !filter(e)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve();
    });
  });
}

export async function until<T>(what: string, fn: () => T | Promise<T>, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what} (${timeoutMs} ms)`);
    await pause(50); // the poll interval of until(), not a wait for time
  }
}

// ------------------------------------------------------------------------------------------------ tree nodes

/** A tree node as the tests see it: the extension's own node classes (types only: the test bundle has its own copy). */
export type TreeNode = N.Node;
export type Kind = TreeNode['kind'];
export type NodeOf<K extends Kind> = Extract<TreeNode, { kind: K }>;
export type InstanceNode = NodeOf<'instance'>;
export type UserNode = NodeOf<'user'>;
export type SessionNode = NodeOf<'session'>;
export type LoadMoreNode = NodeOf<'loadMore'>;
export type MessageNode = NodeOf<'message'>;

export function is<K extends Kind>(n: TreeNode | undefined, kind: K): n is NodeOf<K> {
  return n !== undefined && n.kind === kind;
}

/** An error row (with Retry or Update Secret Key), as opposed to an empty-state message. */
export function isErrorNode(n: TreeNode): n is MessageNode {
  return n.kind === 'message' && n.severity === 'error';
}

/** A drawn row, never a node (a node is plain data: its label, description and tooltip exist only once drawn). */
type Drawn = vscode.TreeItem & { kind?: never };

/** The row VS Code draws for a node, as the view gets it: getTreeItem, then resolveTreeItem (the tooltip, on hover). */
export function rowOf(a: TestApi, n: TreeNode): vscode.TreeItem {
  return a.tree.resolveTreeItem(a.tree.getTreeItem(n), n);
}

export function labelOf(n: Drawn): string {
  const l = n.label;
  return typeof l === 'string' ? l : (l?.label ?? '');
}

/** Tooltip text (a MarkdownString's value or a plain string). */
export function tooltipOf(n: Drawn): string {
  const t = n.tooltip;
  return t === undefined ? '' : typeof t === 'string' ? t : t.value;
}

/** The tree's children of a node (or its roots), through the extension's real provider. */
export async function treeChildren(a: TestApi, n?: TreeNode): Promise<TreeNode[]> {
  return await a.tree.getChildren(n);
}

export async function childrenOfKind<K extends Kind>(a: TestApi, parent: TreeNode | undefined, kind: K): Promise<NodeOf<K>[]> {
  return (await treeChildren(a, parent)).filter((n): n is NodeOf<K> => n.kind === kind);
}

export async function roots(a: TestApi): Promise<InstanceNode[]> {
  return childrenOfKind(a, undefined, 'instance');
}

/** The instance node of `id` (or the only/first one); throws when there is none. */
export async function instanceNode(a: TestApi, id?: string): Promise<InstanceNode> {
  const all = await roots(a);
  const n = id === undefined ? all[0] : all.find((x) => x.instanceId === id);
  if (!n) throw new Error(`no instance node${id ? ` for ${id}` : ''} (instances: ${all.map((x) => x.instanceId).join(', ') || 'none'})`);
  return n;
}

export async function userNodes(a: TestApi, inst?: InstanceNode): Promise<UserNode[]> {
  return childrenOfKind(a, inst ?? (await instanceNode(a)), 'user');
}

export async function sessionNodes(a: TestApi, user: UserNode): Promise<SessionNode[]> {
  return childrenOfKind(a, user, 'session');
}

/** A user's node, loading more pages until it shows up (no search: the tree as the user pages through it). */
export async function findUserNode(a: TestApi, userId: string, inst?: InstanceNode): Promise<UserNode> {
  const i = inst ?? (await instanceNode(a));
  for (let page = 0; page < 100; page++) {
    const all = await treeChildren(a, i);
    const u = all.find((n): n is UserNode => n.kind === 'user' && n.user.id === userId);
    if (u) return u;
    const more = all.find((n): n is LoadMoreNode => n.kind === 'loadMore');
    if (!more) throw new Error(`user ${userId} is not in the tree (${all.length} rows, no "Load more")`);
    await vscode.commands.executeCommand('clerk.loadMore', more);
  }
  throw new Error(`user ${userId} not found after 100 pages`);
}

/** A session's node under its user, read afresh. */
export async function findSessionNode(a: TestApi, userId: string, sessionId: string, inst?: InstanceNode): Promise<SessionNode> {
  const u = await findUserNode(a, userId, inst);
  a.tree.refresh(u);
  const s = (await sessionNodes(a, u)).find((n) => n.session.id === sessionId);
  if (!s) throw new Error(`session ${sessionId} is not under user ${userId}`);
  return s;
}

export function refresh(a: TestApi, n?: TreeNode): void {
  a.tree.refresh(n);
}

export function whenIdle(a: TestApi): Promise<void> {
  return a.tree.whenIdle();
}

/**
 * Every node reachable from the roots: instances, their loaded users (and rows), and the sessions of at most
 * `maxUsers` users per instance. Expanding may load (one request per node), as the view would.
 */
export async function walkTree(a: TestApi, maxUsers = 10): Promise<TreeNode[]> {
  const out: TreeNode[] = [];
  for (const i of await roots(a)) {
    out.push(i);
    const rows = await treeChildren(a, i);
    out.push(...rows);
    for (const u of rows.filter((n): n is UserNode => n.kind === 'user').slice(0, maxUsers)) out.push(...(await treeChildren(a, u)));
  }
  return out;
}

/**
 * The routes the tree reads on its own when it is redrawn (a key stored, a setting changed, a refresh): VS Code asks
 * for the visible rows whenever it likes, so a test that counts what its own action sends leaves these out.
 */
export const TREE_READS: ReadonlySet<string> = new Set([
  'GET /v1/users',
  'GET /v1/users/count',
  'GET /v1/sessions',
  'GET /v1/users/{user_id}/organization_memberships',
  'GET /v1/jwks', // an instance's first load fetches its public keys when none are remembered (for the hover)
]);

/** The routes of `requests` that are not the tree's own reads. */
export function withoutTreeReads(requests: ReadonlyArray<{ route: string }>): string[] {
  return requests.map((r) => r.route).filter((r) => !TREE_READS.has(r));
}

/**
 * Draw the tree as the view would (every instance's first page of users) and wait until nothing is loading, so that a
 * redraw VS Code asks for later finds everything loaded and sends nothing into the next test's counts.
 */
export async function settleTree(a: TestApi): Promise<void> {
  for (const i of await roots(a)) await treeChildren(a, i);
  await a.tree.whenIdle();
}

// ------------------------------------------------------------------------------------------------ keys

/** The stored instance whose key is `secretKey`, if any. */
export async function instanceWithKey(a: TestApi, secretKey: string): Promise<InstanceMeta | undefined> {
  for (const i of a.keys.list()) if ((await a.secrets.get(secretName(i.id))) === secretKey) return i;
  return undefined;
}

export async function removeAllKeys(a: TestApi): Promise<void> {
  for (const i of a.keys.list()) await a.keys.remove(i.id);
}

/**
 * The state most tests start from: the extension points at `server`, exactly its key is stored (through Set Secret
 * Key when it is not), the instance has no custom name, no search, the "active" filter, and a fresh, idle tree.
 * Leaves a fresh scripted prompt seam in place; returns the instance.
 */
export async function useOnlyKey(a: TestApi, server: { url: string; secretKey: string }): Promise<InstanceMeta> {
  await setApiUrl(server.url);
  let inst = await instanceWithKey(a, server.secretKey);
  for (const i of a.keys.list()) if (i.id !== inst?.id) await a.keys.remove(i.id);
  if (inst && a.keys.isWindowOnly(inst.id)) {
    await a.keys.remove(inst.id);
    inst = undefined;
  }
  if (!inst) {
    const p = await scripted();
    p.answer(server.secretKey);
    const saved = await vscode.commands.executeCommand<InstanceMeta | undefined>('clerk.setSecretKey');
    if (!saved) throw new Error(`could not store the test key: ${p.messages().join(' | ')}`);
    inst = saved;
  }
  if (inst.name) await a.keys.rename(inst.id, '');
  if (a.tree.searchOf(inst.id) !== undefined) a.tree.setSearch(inst.id, undefined);
  if (a.tree.statusFilter !== 'active') a.tree.setStatus('active');
  a.tree.refresh();
  await settleTree(a);
  await scripted();
  return a.keys.get(inst.id) ?? inst;
}
