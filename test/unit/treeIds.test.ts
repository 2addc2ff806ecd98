// The tree's ids and contextValues (src/tree/ids.ts) and the bounded node index (src/tree/nodeIndex.ts), on Node.
// The contextValues are checked against the real `when` clauses of package.json's view/item/context menus.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SessionStatus } from '../../src/clerk/types';
import {
  instanceContext,
  instanceIdOf,
  messageContext,
  userListRowId,
  userListContext,
  parseTreeId,
  sessionContext,
  treeId,
  userContext,
  type ContextValue,
} from '../../src/tree/ids';
import {
  DEFAULT_STATUS_FILTER,
  STATUS_FILTERS,
  emptyListText,
  keepsStatus,
  statusFilterLabel,
  statusQuery,
} from '../../src/model/statusFilter';
import { SESSION_STATUS_FILTERS } from '../../src/clerk/types';
import { NodeIndex } from '../../src/tree/nodeIndex';
import { USER_LIST_NAMES } from '../../src/model/userLists';
import { repoRoot } from '../support/paths';

const STATUSES: SessionStatus[] = ['active', 'revoked', 'ended', 'expired', 'removed', 'abandoned', 'replaced', 'pending'];

function everyContext(): ContextValue[] {
  const out: ContextValue[] = [];
  for (const live of [true, false]) for (const s of [true, false]) out.push(instanceContext(live, s));
  out.push(userContext(false), userContext(true), 'loadMore');
  for (const st of STATUSES) for (const w of [false, true]) out.push(sessionContext(st, w));
  out.push(messageContext('empty', false), messageContext('error', false), messageContext('error', true));
  for (const list of USER_LIST_NAMES) out.push(userListContext(list, true), userListContext(list, false));
  return out;
}

interface MenuItem {
  command: string;
  when?: string;
}

/** Which of `values` the `viewItem` part of a when clause accepts (=~ /re/ or == value). */
function accepts(when: string, values: string[]): string[] | undefined {
  const re = /viewItem\s*=~\s*\/((?:\\.|[^/\\])+)\/([a-z]*)/.exec(when);
  if (re) return values.filter((v) => new RegExp(re[1], re[2]).test(v));
  const eq = /viewItem\s*==\s*([\w.-]+)/.exec(when);
  if (eq) return values.filter((v) => v === eq[1]);
  return undefined;
}

describe('tree ids', () => {
  it('builds the formats the tree and the tests rely on', () => {
    assert.equal(treeId.instance('abc'), 'i/abc');
    assert.equal(treeId.user('abc', 'user_1'), 'i/abc/u/user_1');
    assert.equal(treeId.session('abc', 'sess_1'), 'i/abc/s/sess_1');
    assert.equal(treeId.loadMore('abc'), 'i/abc/more');
    assert.equal(treeId.usersMessage('abc'), 'i/abc/users/msg');
    assert.equal(treeId.userMessage('abc', 'user_1'), 'i/abc/u/user_1/msg');
    assert.equal(treeId.userList('abc', 'user_1', 'memberships'), 'i/abc/u/user_1/orgs');
  });

  it('parses every id it builds back into its parts, even parts holding "/" or "%"', () => {
    for (const [inst, other] of [
      ['abc', 'user_1'],
      ['a/b', 'u/../x'],
      ['100%', '%2F'],
      ['ü', 'msg'],
    ] as const) {
      assert.deepEqual(parseTreeId(treeId.instance(inst)), { kind: 'instance', instanceId: inst });
      assert.deepEqual(parseTreeId(treeId.user(inst, other)), { kind: 'user', instanceId: inst, userId: other });
      assert.deepEqual(parseTreeId(treeId.session(inst, other)), { kind: 'session', instanceId: inst, sessionId: other });
      assert.deepEqual(parseTreeId(treeId.loadMore(inst)), { kind: 'loadMore', instanceId: inst });
      assert.deepEqual(parseTreeId(treeId.usersMessage(inst)), { kind: 'message', instanceId: inst });
      assert.deepEqual(parseTreeId(treeId.userMessage(inst, other)), { kind: 'message', instanceId: inst, userId: other });
      for (const list of USER_LIST_NAMES) {
        assert.deepEqual(parseTreeId(treeId.userList(inst, other, list)), { kind: 'userList', list, instanceId: inst, userId: other });
      }
      assert.equal(instanceIdOf(treeId.session(inst, other)), inst);
    }
  });

  it("gives each user list's row its own id part, none the message row's", () => {
    const parts = USER_LIST_NAMES.map((l) => userListRowId(l).idPart);
    assert.equal(new Set(parts).size, parts.length, parts.join(', '));
    assert.ok(!parts.includes('msg' as never), "a list row would be read as the user's message row");
  });

  it('refuses ids it did not build', () => {
    for (const id of [undefined, '', 'x', 'abc/user_1', 'i/', 'i/abc/u', 'i/abc/x/y', 'i/abc/u/a/b', 'i/%E0%A4%A/u/x', 'i/abc/s/x/msg']) {
      assert.equal(parseTreeId(id), undefined, String(id));
    }
  });
});

describe('contextValues against package.json menus', () => {
  const pkg = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8'));
  const items: MenuItem[] = [...(pkg.contributes.menus['view/item/context'] ?? [])];
  const values = everyContext();
  /** The contextValues any of a command's item-menu entries accepts. */
  const menu = (command: string) => {
    const ms = items.filter((i) => i.command === command && i.when);
    assert.ok(ms.length > 0, `a view/item/context entry for ${command}`);
    return [...new Set(ms.flatMap((m) => accepts(m.when!, values) ?? []))];
  };

  it('keeps the strings the menus match', () => {
    assert.equal(sessionContext('active', false), 'session.active');
    assert.equal(sessionContext('active', true), 'session.active.watched');
    assert.equal(instanceContext(false, true), 'instance.test.searching');
    assert.equal(instanceContext(true, false), 'instance.live');
    assert.equal(userContext(true), 'user.banned');
    assert.equal(messageContext('error', true), 'message.error.auth');
    assert.equal(messageContext('info', true), 'message');
  });

  it('an unknown status from the API is "unknown": no outside text in a contextValue', () => {
    assert.equal(sessionContext('active.watched', false), 'session.unknown');
    assert.equal(sessionContext('$(x) [a](command:y)', true), 'session.unknown.watched');
    assert.equal(sessionContext('__proto__', false), 'session.unknown');
  });

  it('every item menu that names viewItem matches some contextValue the tree makes', () => {
    const withViewItem = items.filter((i) => i.when && /viewItem/.test(i.when));
    assert.ok(withViewItem.length >= 10, `found ${withViewItem.length} item menus`);
    for (const i of withViewItem) {
      assert.ok((accepts(i.when!, values) ?? []).length > 0, `${i.command}: "${i.when}" matches no contextValue`);
    }
  });

  it('session menus apply to the states they should', () => {
    assert.ok(menu('clerk.session.revoke').includes('session.active'));
    assert.ok(menu('clerk.session.revoke').includes('session.active.watched'));
    assert.ok(!menu('clerk.session.revoke').includes('session.revoked'));
    assert.deepEqual(menu('clerk.session.unwatch').sort(), STATUSES.map((s) => `session.${s}.watched`).sort());
    assert.ok(menu('clerk.session.watch').includes('session.active'));
    assert.ok(!menu('clerk.session.watch').includes('session.active.watched'), 'no Watch on a watched session');
    assert.ok(!menu('clerk.session.copyToken').includes('session.unknown'), 'no token for a status we do not know');
    assert.ok(menu('clerk.updateSecretKey').includes('message.error.auth'));
    assert.ok(!menu('clerk.updateSecretKey').includes('message.error'));
  });

  it('the Organizations row gets no session, user or message menu; a pending session gets Revoke and Watch', () => {
    const orgRows = [userListContext('memberships', true), userListContext('memberships', false)];
    assert.deepEqual(orgRows, ['organizations', 'organizations.none']);
    const claimed = items.filter((i) => i.when && (accepts(i.when, orgRows) ?? []).length > 0).map((i) => i.command);
    assert.deepEqual(claimed, [], 'no item menu claims the Organizations row');
    assert.ok(menu('clerk.session.revoke').includes('session.pending'));
    assert.ok(menu('clerk.session.watch').includes('session.pending'));
  });
});

describe('the session status filter', () => {
  const pkg = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8'));
  const nls = JSON.parse(readFileSync(join(repoRoot(), 'package.nls.json'), 'utf8'));
  const setting = pkg.contributes.configuration.properties['clerk.defaultSessionStatus'];

  it('the setting offers every filter, in the quick pick\'s order, "current" by default, each described', () => {
    assert.equal(DEFAULT_STATUS_FILTER, 'current');
    assert.equal(setting.default, DEFAULT_STATUS_FILTER);
    assert.deepEqual(setting.enum, [...STATUS_FILTERS]);
    assert.equal(setting.enumDescriptions.length, setting.enum.length);
    for (const d of [...setting.enumDescriptions, setting.markdownDescription]) {
      const key = /^%(.+)%$/.exec(d)?.[1];
      assert.ok(key && typeof nls[key] === 'string' && nls[key].length > 10, `${d} is in package.nls.json`);
    }
    assert.match(nls['configuration.defaultSessionStatus.markdownDescription'], /treatPendingAsSignedOut/);
  });

  it('sends a status only where the list endpoint accepts it, and keeps the rest client-side', () => {
    for (const f of STATUS_FILTERS) {
      const q = statusQuery(f);
      if (q !== undefined) assert.ok((SESSION_STATUS_FILTERS as readonly string[]).includes(q), `${f} sends ${q}`);
    }
    assert.equal(statusQuery('current'), undefined);
    assert.equal(statusQuery('pending'), undefined);
    assert.equal(statusQuery('all'), undefined);
    assert.equal(statusQuery('revoked'), 'revoked');
    assert.ok(keepsStatus('current', 'active') && keepsStatus('current', 'pending'));
    assert.ok(!keepsStatus('current', 'revoked') && !keepsStatus('pending', 'active') && keepsStatus('all', 'whatever'));
    assert.equal(statusFilterLabel('current'), 'Active and pending');
    assert.equal(emptyListText('current'), 'No active or pending sessions');
  });
});

describe('NodeIndex', () => {
  const n = (id: string) => ({ id });

  it('keeps the last object drawn per id, and forgets children that are gone with all below them', () => {
    const ix = new NodeIndex<{ id: string }>();
    const inst = n('i/a');
    ix.rendered(undefined, [inst]);
    ix.rendered('i/a', [n('i/a/u/1'), n('i/a/u/2'), n('i/a/more')]);
    ix.rendered('i/a/u/1', [n('i/a/s/x'), n('i/a/s/y')]);
    assert.equal(ix.get('i/a'), inst);
    assert.equal(ix.size.nodes, 6);
    const again = n('i/a/u/2');
    ix.rendered('i/a', [again]); // user 1 and Load more are gone (a search, say)
    assert.equal(ix.get('i/a/u/2'), again, 'the newest object for an id');
    for (const gone of ['i/a/u/1', 'i/a/more', 'i/a/s/x', 'i/a/s/y']) assert.equal(ix.get(gone), undefined, gone);
    assert.deepEqual(ix.size, { nodes: 2, parents: 2 });
    ix.rendered(undefined, []);
    assert.deepEqual(ix.size, { nodes: 0, parents: 1 });
  });

  it('stays under its cap however much is drawn', () => {
    const ix = new NodeIndex<{ id: string }>(100);
    ix.rendered(undefined, [n('i/a')]);
    const users = Array.from({ length: 60 }, (_, k) => n(`i/a/u/${k}`));
    ix.rendered('i/a', users);
    for (const u of users) ix.rendered(u.id, [n(`${u.id}/s1`), n(`${u.id}/s2`)]); // 181 nodes drawn in all
    assert.ok(ix.size.nodes <= 100, `${ix.size.nodes} nodes`);
    assert.ok(ix.size.parents <= 101, `${ix.size.parents} parents`);
    assert.ok(ix.get('i/a/u/59/s2'), 'the latest drawn is kept');
  });
});
