// "The rest of a user's sessions", measured in the real extension host through the extension's commands and tree:
// requests per user command (expand with pending shown, Revoke All Sessions… on 20 sessions, Create Test Session, the
// ${command:clerk.sessionToken} variable fresh and stale), Revoke All at 50 ms server latency, and paging through 2,000
// of 5,000 users (Load more time, first 10 against last 10; heap growth per 1,000 users).
// The bench process seeds the users (bench/seed.ts) and passes their ids in CLERK_BENCH_SEEDED (JSON).
import * as vscode from 'vscode';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import type { TestApi } from '../../src/extension';
import { Cmd } from '../../src/ids';
import { ScriptedPrompts } from '../../test/support/scriptedPrompts';
import { is, type SessionNode, type TreeNode } from '../../test/support/ext';
import type { ActionCount } from './actions';
import type { Seeded } from '../seed';

type Node = TreeNode;

export interface UserFigures {
  actions: ActionCount[];
  /** revokePhaseMs: first revoke's arrival at the server to the last one's, plus one latency (the server's log) */
  revokeAll50: { ms: number; revoked: number; requests: number; revokePhaseMs: number };
  scale: {
    pages: number;
    usersLoaded: number;
    /** ms of each Load more (command + the redraw's getChildren), in order */
    loadMoreMs: number[];
    /** the same split: the Load more command alone, and the getChildren that redraws the instance after it */
    commandMs: number[];
    childrenMs: number[];
    requestsPerLoadMore: number[];
    heapBefore: number;
    heapAfter: number;
    usersAtBefore: number;
    usersAtAfter: number;
    gc: string;
  };
}

/** A way to collect garbage before reading the heap: the host's own global gc, or one exposed through V8's flags. */
function findGc(): { gc?: () => void; how: string } {
  const g = (globalThis as { gc?: () => void }).gc;
  if (typeof g === 'function') return { gc: g, how: 'global.gc (host started with --expose-gc)' };
  try {
    v8.setFlagsFromString('--expose-gc');
    const f = vm.runInNewContext('gc') as unknown;
    if (typeof f === 'function') return { gc: f as () => void, how: 'gc() exposed at run time (v8.setFlagsFromString(--expose-gc) + vm)' };
  } catch {
    /* fall through */
  }
  return { how: 'no gc exposed: plain heapUsed deltas' };
}

export async function runUserFigures(api: TestApi, seeded: Seeded): Promise<UserFigures> {
  const apiUrl = vscode.workspace.getConfiguration('clerk').inspect<string>('apiUrl')?.globalValue;
  const key = process.env.CLERK_SECRET_KEY;
  if (!apiUrl || !key) throw new Error('clerk.apiUrl (user settings) and CLERK_SECRET_KEY must be set');
  const origin = new URL(apiUrl).origin;
  const control = async (name: string, body: object = {}, method = 'POST'): Promise<unknown> => {
    const r = await fetch(`${origin}/__control/${name}`, { method, ...(method === 'POST' ? { body: JSON.stringify(body) } : {}) });
    return r.json();
  };
  const log = async () =>
    (await control('log', {}, 'GET')) as { total: number; routes: Record<string, number>; requests: { route: string; at: number }[] };
  const actions: ActionCount[] = [];
  const measure = async <T>(action: string, fn: () => Promise<T>, note?: string): Promise<T> => {
    await control('resetLog');
    const v = await fn();
    const l = await log();
    actions.push({ action, requests: l.total, routes: l.routes, ...(note ? { note } : {}) });
    return v;
  };
  const run = <T>(cmd: string, ...args: unknown[]) => Promise.resolve(vscode.commands.executeCommand<T>(cmd, ...args));

  const prompts = new ScriptedPrompts();
  api.prompts.impl = prompts;
  await api.keys.add(key, { name: 'Bench users' });
  const tree = api.tree;
  const instance = (await tree.getChildren())[0];
  if (!instance) throw new Error('no instance node after storing the key');
  const firstPage = await tree.getChildren(instance);
  const userNode = (id: string) => {
    const n = firstPage.find((u) => is(u, 'user') && u.user.id === id);
    if (!n) throw new Error(`seeded user ${id} is not on the first page`);
    return n;
  };

  // ---- requests per user command ----------------------------------------------------------------------------------
  const pendingUser = userNode(seeded.pendingUser);
  const kids = await measure(
    'expand a user (filter "current": active and pending shown)',
    async () => await tree.getChildren(pendingUser as never),
  );
  const sessionsShown = kids.filter((k): k is SessionNode => is(k, 'session'));
  const shown = sessionsShown.map((k) => k.session.status);
  if (!shown.includes('pending') || !shown.includes('active'))
    throw new Error(`expand showed ${shown.join(', ')}: want active and pending`);

  await measure('create test session', () => run(Cmd.createTestSession, pendingUser));

  const active = sessionsShown.find((k) => k.session.status === 'active');
  if (!active) throw new Error('no active session shown');
  await measure('choose session for ${command:clerk.sessionToken} (from the tree)', () => run(Cmd.chooseTokenSession, active));
  const t1 = await measure('${command:clerk.sessionToken}, first (mints)', () => run<string>(Cmd.sessionToken));
  const t2 = await measure('${command:clerk.sessionToken}, cached token fresh', () => run<string>(Cmd.sessionToken));
  if (!t1 || t1 !== t2) throw new Error('the token variable did not return its cached token');
  // the Deps clock seam: 55 s later, a 60 s token has 5 s left (< the 10 s margin): stale
  api.deps.now = () => Date.now() + 55_000;
  const t3 = await measure(
    '${command:clerk.sessionToken}, cached token stale (< 10 s left)',
    () => run<string>(Cmd.sessionToken),
    'clock moved 55 s on through Deps.now',
  );
  delete api.deps.now;
  if (!t3 || t3 === t1) throw new Error('the token variable did not mint a new token when stale');

  prompts.answer('Revoke All');
  const r20 = await measure(`revoke all sessions of a user with ${seeded.sessionsEach} sessions`, () =>
    run<{ revoked: string[] } | undefined>(Cmd.revokeAllSessions, userNode(seeded.richUsers[0])),
  );
  if (r20?.revoked.length !== seeded.sessionsEach) throw new Error(`revoke all revoked ${r20?.revoked.length ?? 'nothing'}`);

  // ---- revoke all at 50 ms latency ---------------------------------------------------------------------------------
  await control('latency', { ms: 50 });
  await control('resetLog');
  prompts.answer('Revoke All');
  const t0 = performance.now();
  const r50 = await run<{ revoked: string[] } | undefined>(Cmd.revokeAllSessions, userNode(seeded.richUsers[1]));
  const ms50 = performance.now() - t0;
  await control('latency', { ms: 0 });
  const l50 = await log();
  const revokes = l50.requests.filter((e) => e.route === 'POST /v1/sessions/{session_id}/revoke').map((e) => e.at);
  const revokePhaseMs = revokes.length ? Math.max(...revokes) - Math.min(...revokes) + 50 : NaN;
  const revokeAll50 = { ms: ms50, revoked: r50?.revoked.length ?? 0, requests: l50.total, revokePhaseMs };

  // ---- scale: page through 2,000 of the users -------------------------------------------------------------------------
  const { gc, how } = findGc();
  const heap = () => {
    gc?.();
    gc?.();
    return process.memoryUsage().heapUsed;
  };
  const usersIn = (list: Node[]) => list.filter((n) => is(n, 'user')).length;
  let list = await tree.getChildren(instance);
  const usersAtBefore = usersIn(list);
  const heapBefore = heap();
  const loadMoreMs: number[] = [];
  const commandMs: number[] = [];
  const childrenMs: number[] = [];
  const requestsPerLoadMore: number[] = [];
  while (usersIn(list) < seeded.pageThrough) {
    const more = list.find((n) => is(n, 'loadMore'));
    if (!more) throw new Error(`no Load more after ${usersIn(list)} users`);
    await control('resetLog');
    const s = performance.now();
    await run(Cmd.loadMore, more);
    const m = performance.now();
    list = await tree.getChildren(instance);
    const e = performance.now();
    loadMoreMs.push(e - s);
    commandMs.push(m - s);
    childrenMs.push(e - m);
    requestsPerLoadMore.push((await log()).total);
  }
  const usersAtAfter = usersIn(list);
  const heapAfter = heap();
  const errors = prompts.messages('error');
  if (errors.length) throw new Error(`a command failed: ${errors.join(' | ')}`);
  return {
    actions,
    revokeAll50,
    scale: {
      pages: loadMoreMs.length,
      usersLoaded: usersAtAfter,
      loadMoreMs,
      commandMs,
      childrenMs,
      requestsPerLoadMore,
      heapBefore,
      heapAfter,
      usersAtBefore,
      usersAtAfter,
      gc: how,
    },
  };
}
