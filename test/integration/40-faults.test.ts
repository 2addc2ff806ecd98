// Faults in a row: the local server fails a random third of the requests (every kind of fault it can make) while a
// scripted sequence of actions runs in the real host. Seeded: CLERK_FAULT_SEED=<n> replays a run (the seed is printed).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import {
  api,
  scripted,
  useOnlyKey,
  instanceNode,
  treeChildren,
  walkTree,
  isErrorNode,
  isLoadingNode,
  userNodes,
  sessionNodes,
  is,
  type TreeNode,
  type SessionNode,
  type UserNode,
} from '../support/ext';
import { localClerk, setApiUrl } from '../support/local';
import { startTamperProxy, type TamperProxy } from '../support/tamper';
import type { ClerkServer } from '../server/server';
import type { Asked } from '../support/scriptedPrompts';

/** mulberry32: a small seeded generator, so a failing sequence can be replayed. */
function rng(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

const FAULTS = ['json500', 'html502', 'empty503', 'truncated500', 'json404', 'rate429', 'hang'] as const;
type Fault = (typeof FAULTS)[number];
const ACTIONS = ['expand', 'loadMore', 'search', 'inspect', 'revoke', 'copyJwt', 'copyToken', 'verify', 'refresh'] as const;
type Action = (typeof ACTIONS)[number];

describe('Faults in a row', function () {
  this.timeout(180_000);
  let server: ClerkServer;
  let a: TestApi;
  let proxy: TamperProxy;

  before(async () => {
    server = await localClerk();
    a = await api();
  });

  it('a random third of the requests fail while 120 actions run: nothing throws, every failure is shown, the tree recovers', async () => {
    const seed = Number(process.env.CLERK_FAULT_SEED ?? Date.now() % 1_000_000);
    console.log(`      fault seed ${seed} (replay with CLERK_FAULT_SEED=${seed})`);
    const random = rng(seed);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
    server.controls.reset();
    await useOnlyKey(a, server);
    const config = vscode.workspace.getConfiguration('clerk');
    await config.update('requestTimeoutSeconds', 2, vscode.ConfigurationTarget.Global);
    proxy = await startTamperProxy(server.origin);
    const rejections: unknown[] = [];
    const onRejection = (e: unknown) => rejections.push(e);
    process.on('unhandledRejection', onRejection);
    const t0 = Date.now();
    let faultsOn = true;
    const armed: Record<Fault, number> = { json500: 0, html502: 0, empty503: 0, truncated500: 0, json404: 0, rate429: 0, hang: 0 };
    proxy.beforeForward = () => {
      if (!faultsOn || random() >= 1 / 3) return;
      const f = pick(FAULTS);
      armed[f]++;
      switch (f) {
        case 'json500':
          server.controls.failNext(1, 500, { body: 'json' });
          break;
        case 'html502':
          server.controls.failNext(1, 502, { body: 'html' });
          break;
        case 'empty503':
          server.controls.failNext(1, 503, { body: 'empty' });
          break;
        case 'truncated500':
          server.controls.failNext(1, 500, { body: 'truncated' });
          break;
        case 'json404':
          server.controls.failNext(1, 404, { body: 'json' });
          break;
        case 'rate429':
          server.controls.rateLimit({ n: 1, retryAfter: 1 });
          break;
        case 'hang':
          server.controls.hang(1);
          break;
      }
    };
    const asked: Asked[] = [];
    const thrown: string[] = [];
    const errorRows = new Set<string>();
    const done: Record<Action, number> = {
      expand: 0,
      loadMore: 0,
      search: 0,
      inspect: 0,
      revoke: 0,
      copyJwt: 0,
      copyToken: 0,
      verify: 0,
      refresh: 0,
    };
    let users: UserNode[] = [];
    let sessions: SessionNode[] = [];
    const see = (rows: TreeNode[]) => {
      for (const n of rows) if (isErrorNode(n)) errorRows.add(`${n.id} ${String(n.description ?? '')}`);
      return rows;
    };
    const run = async (label: string, cmd: string, arg: unknown, answer: (q: Asked) => unknown) => {
      const p = await scripted();
      p.answer(...Array.from({ length: 6 }, () => (q: Asked) => (q.kind === 'error' ? undefined : answer(q))));
      try {
        await vscode.commands.executeCommand(cmd, arg);
      } catch (e) {
        thrown.push(`${label}: ${e instanceof Error ? e.message : String(e)}`);
      } finally {
        asked.push(...p.asked);
      }
    };
    try {
      await setApiUrl(proxy.url);
      for (let i = 0; i < 120; i++) {
        const action: Action = sessions.length === 0 && random() < 0.5 ? 'expand' : pick(ACTIONS);
        done[action]++;
        const inst = await instanceNode(a);
        switch (action) {
          case 'expand': {
            users = see(await treeChildren(a, inst)).filter((n): n is UserNode => is(n, 'user'));
            const u = users.length ? pick(users) : undefined;
            if (u) {
              if (random() < 0.5) a.tree.refresh(u);
              sessions = see(await treeChildren(a, u)).filter((n): n is SessionNode => is(n, 'session') && n.session.status === 'active');
            }
            break;
          }
          case 'loadMore': {
            const more = see(await treeChildren(a, inst)).find((n) => is(n, 'loadMore'));
            if (more) await run('loadMore', 'clerk.loadMore', more, () => undefined);
            break;
          }
          case 'search': {
            const q = random() < 0.5 ? '' : (pick(server.data.users).email_addresses[0]?.email_address ?? '');
            await run('search', 'clerk.searchUsers', inst, () => q);
            sessions = [];
            break;
          }
          case 'refresh':
            if (random() < 0.5) await run('refresh', 'clerk.refresh', undefined, () => undefined);
            else await run('refreshNode', 'clerk.refreshNode', inst, () => undefined);
            sessions = [];
            break;
          default: {
            const s = sessions.length ? pick(sessions) : undefined;
            if (!s) break;
            const cmd = {
              inspect: 'clerk.session.inspect',
              revoke: 'clerk.session.revoke',
              copyJwt: 'clerk.session.copyJwtFromTemplate',
              copyToken: 'clerk.session.copyToken',
              verify: 'clerk.session.verify',
            }[action];
            await run(action, cmd, s, (q) => {
              if (q.kind === 'warning') return random() < 0.5 ? 'Revoke' : undefined;
              if (q.kind === 'quickPick')
                return action === 'verify'
                  ? q.items.find((x) => /Mint/.test(x.label))
                  : pick(q.items.filter((x) => !x.label.startsWith('$(watch)') && x.kind !== vscode.QuickPickItemKind.Separator));
              return undefined;
            });
            if (action === 'revoke') sessions = sessions.filter((x) => x !== s);
          }
        }
        if (i % 20 === 19) await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      }
      faultsOn = false;
      await a.tree.whenIdle();
      const loading = (await walkTree(a)).filter(isLoadingNode);
      assert.deepEqual(
        loading.map((n) => n.id),
        [],
        'rows left loading',
      );
      const errorMessages = asked.filter((q) => q.kind === 'error').length;
      const faults = Object.values(armed).reduce((x, y) => x + y, 0);
      console.log(
        `      ${proxy.seen.length} requests, ${faults} faults ${JSON.stringify(armed)}; actions ${JSON.stringify(done)}; ` +
          `${errorMessages} error messages, ${errorRows.size} error rows; ${((Date.now() - t0) / 1000).toFixed(1)} s`,
      );
      assert.deepEqual(thrown, [], 'commands that threw out of executeCommand');
      assert.ok(faults > 0 && faults >= proxy.seen.length / 6, `about a third of the requests failed (${faults} of ${proxy.seen.length})`);
      assert.ok(errorMessages + errorRows.size >= 1, 'the failures were shown');
      for (const q of asked) if (q.kind === 'error') assert.match(q.message, /^Clerk: \S/, 'an error message says something');
      await new Promise((r) => setTimeout(r, 200)); // rejections are reported a tick late
      assert.deepEqual(rejections.map(String), [], 'unhandled rejections');

      // Faults off: a refresh makes the tree whole again.
      await vscode.commands.executeCommand('clerk.clearSearch');
      await vscode.commands.executeCommand('clerk.refresh');
      const inst = await instanceNode(a);
      const rows = await treeChildren(a, inst);
      assert.deepEqual(
        rows.filter(isErrorNode).map((n) => n.description),
        [],
        'error rows after the refresh',
      );
      const us = await userNodes(a, inst);
      assert.equal(us.length, 20);
      for (const u of us.slice(0, 5)) {
        const kids = await treeChildren(a, u);
        assert.deepEqual(
          kids.filter(isErrorNode).map((n) => n.description),
          [],
          `error rows under ${u.id}`,
        );
      }
      assert.ok((await sessionNodes(a, us[0])).length + (await treeChildren(a, us[0])).length > 0);
    } finally {
      faultsOn = false;
      process.off('unhandledRejection', onRejection);
      server.controls.reset();
      await setApiUrl(server.url);
      await proxy.stop();
      await config.update('requestTimeoutSeconds', undefined, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
  });
});
