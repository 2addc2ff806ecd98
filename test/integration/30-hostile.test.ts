// Hostile data from Clerk (names, user agents, cities, template names, error messages) stays inert wherever the
// extension shows it: modals and notifications, the Verify report, tree labels and tooltips, quick picks, the
// Inspect document. The local server seeds the HOSTILE users; a few more are made here in its in-process data.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import type { VerifyResult } from '../../src/commands/verify';
import {
  until,
  findUserNode,
  findSessionNode,
  sessionNodes,
  labelOf,
  tooltipOf,
  treeChildren,
  instanceNode,
  isErrorNode,
  type UserNode,
  type TreeNode,
  rowOf,
} from '../support/ext';
import { setApiUrl } from '../support/local';
import { localClerkSuite } from '../support/suite';
import { startTamperProxy } from '../support/tamper';
import { HOSTILE, HOSTILE_USERS, type ClerkServer, type Session, type User } from '../server/server';
import type { ScriptedPrompts } from '../support/scriptedPrompts';

/** A live markdown link in notification or modal text. */
const LINK = /\[[^\]]*\]\((command|https?|file):/;
const RLO = /[\u202A-\u202E\u2066-\u2069]/;
const ICON_TEMPLATE = '$(alert) urgent $(key)';
/** A user with no email: every place that names users shows the hostile name itself. */
const NAMELESS_ID = 'user_2HostileNoEmail000000000000';
const NAMELESS_SESSION = 'sess_2HostileNoEmail000000000000';

function noLiveLink(text: string, where: string): void {
  assert.doesNotMatch(text, LINK, `a live link in ${where}: ${text}`);
  assert.doesNotMatch(text, RLO, `a direction override in ${where}`);
  assert.ok(!/<img|<script/i.test(text) || !/\]\(/.test(text), `HTML in ${where}`);
}

/** Markdown shown in a hover: nothing in it may render as a link, image, HTML, icon or autolink. */
function inertMarkdown(md: vscode.MarkdownString | string | undefined, where: string): void {
  if (md === undefined || typeof md === 'string') return; // plain tooltips render nothing
  const v = md.value;
  assert.doesNotMatch(v, /(?<!\\)\]\(/, `unescaped "](" in ${where}: ${v}`);
  assert.doesNotMatch(v, /(?<!\\)!\[/, `unescaped "![" in ${where}`);
  assert.doesNotMatch(v, /(?<!\\)<(img|a |script|iframe)/i, `raw HTML in ${where}`);
  assert.doesNotMatch(v, /(?<!\\)\$\(/, `an icon in ${where}`);
  assert.doesNotMatch(v, /https?:\/\//, `an autolink in ${where}: ${v}`);
  assert.doesNotMatch(v, RLO, `a direction override in ${where}`);
  assert.ok(md.isTrusted !== true, `${where} is trusted`);
  if (typeof md.isTrusted === 'object')
    assert.ok(!md.isTrusted.enabledCommands.includes('clerk.removeSecretKey'), `${where} trusts removeSecretKey`);
}

describe('Hostile data stays inert', function () {
  this.timeout(120_000);
  let server: ClerkServer;
  let a: TestApi;
  let prompts: ScriptedPrompts;
  const messages = () => prompts.asked.flatMap((q) => ('message' in q ? [q.message] : []));

  localClerkSuite({
    ready: (s) => ({ server, a } = s),
    // Every hostile session this file acts on is active again (a revoke or a watch test may have ended it).
    prepare: () => {
      const ids = new Set([...HOSTILE_USERS.map((h) => h.sessionId), HOSTILE.sessions.citySessionId, NAMELESS_SESSION]);
      for (const s of server.data.sessions) if (ids.has(s.id)) s.status = 'active';
    },
    each: (s) => ({ prompts } = s),
  });

  before(() => {
    assert.ok(
      HOSTILE_USERS.every((h) => server.data.users.some((u) => u.id === h.id)),
      'the server seeded the HOSTILE users',
    );
    // One more user, without an email, so the hostile name is what names it; and a template whose name draws icons.
    if (!server.data.users.some((u) => u.id === NAMELESS_ID)) {
      const base = server.data.users.find((u) => u.id === HOSTILE.commandLink.id)!;
      const user: User = {
        ...base,
        id: NAMELESS_ID,
        email_addresses: [],
        primary_email_address_id: null,
        first_name: `${HOSTILE.commandLink.first_name} <img src=x onerror=alert(1)> \u202Eevil`,
        last_name: HOSTILE.city,
      };
      server.data.users.push(user);
      const s = server.data.sessions.find((x) => x.id === HOSTILE.sessions.sessionId)!;
      server.data.sessions.push({
        ...s,
        id: NAMELESS_SESSION,
        user_id: NAMELESS_ID,
        latest_activity: s.latest_activity ? { ...s.latest_activity, city: HOSTILE.city } : s.latest_activity,
      });
    }
    if (!server.data.jwtTemplates.some((t) => t.name === ICON_TEMPLATE)) {
      const plain = server.data.jwtTemplates.find((t) => t.name === 'plain')!;
      server.data.jwtTemplates.push({ ...plain, id: 'jtmp_2HostileIcons0000000000000', name: ICON_TEMPLATE });
    }
  });

  after(() => {
    if (!server) return;
    server.data.users.splice(0, server.data.users.length, ...server.data.users.filter((u) => u.id !== NAMELESS_ID));
    server.data.sessions.splice(0, server.data.sessions.length, ...server.data.sessions.filter((s) => s.id !== NAMELESS_SESSION));
    server.data.jwtTemplates.splice(
      0,
      server.data.jwtTemplates.length,
      ...server.data.jwtTemplates.filter((t) => t.name !== ICON_TEMPLATE),
    );
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  const targets = (): { user: string; session: string }[] => [
    ...HOSTILE_USERS.map((h) => ({ user: h.id, session: h.sessionId })),
    { user: HOSTILE.sessions.id, session: HOSTILE.sessions.citySessionId },
    { user: NAMELESS_ID, session: NAMELESS_SESSION },
  ];

  it('Revoke: the modal and the message after it hold no live link, for every hostile user and session', async () => {
    for (const t of targets()) {
      const s = await findSessionNode(a, t.user, t.session);
      prompts.answer('Revoke');
      const r = await vscode.commands.executeCommand<Session | undefined>('clerk.session.revoke', s);
      assert.equal(r?.status, 'revoked', `${t.session}: ${messages().join(' | ')}`);
    }
    const modals = prompts.asked.filter((q) => q.kind === 'warning');
    assert.equal(modals.length, targets().length);
    assert.equal(prompts.messages('info').length, targets().length);
    for (const m of messages()) {
      noLiveLink(m, 'a revoke message');
      assert.ok(m.length <= 600, `a message of ${m.length} characters`);
    }
    // The hostile text is there, parted: proof the test looked at the right messages.
    assert.ok(
      messages().some((m) => m.includes('[Open] (command:')),
      'the hostile name is shown, inert',
    );
    assert.ok(
      messages().some((m) => m.includes('[Undo revoke] (command:')),
      'the hostile user agent is shown, inert',
    );
  });

  it('Watch: the status-change notification and the give-up error hold no live link', async () => {
    const s = await findSessionNode(a, HOSTILE.sessions.id, HOSTILE.sessions.sessionId);
    await vscode.commands.executeCommand('clerk.session.watch', s);
    assert.ok(a.deps.watcher.isWatching(s.session.id));
    server.data.sessions.find((x) => x.id === s.session.id)!.status = 'ended';
    await a.deps.watcher.poll(s.session.id);
    assert.equal(a.deps.watcher.isWatching(s.session.id), false);
    const n = await findSessionNode(a, NAMELESS_ID, NAMELESS_SESSION);
    await vscode.commands.executeCommand('clerk.session.watch', n);
    server.controls.failNext(12, 500, { route: 'GET /v1/sessions/{session_id}' });
    for (let i = 0; i < 3; i++) await a.deps.watcher.poll(n.session.id);
    assert.equal(a.deps.watcher.isWatching(n.session.id), false, 'stopped after three failures');
    const info = prompts.messages('info');
    const err = prompts.messages('error');
    assert.equal(info.length, 1, info.join(' | '));
    assert.equal(err.length, 1, err.join(' | '));
    assert.match(info[0], /\[Undo revoke\] \(command:/);
    for (const m of [...info, ...err]) noLiveLink(m, 'a watch message');
  });

  it('Verify: the rendered report has no image, script or foreign link, and shows the hostile strings escaped', async () => {
    for (const t of [
      { user: NAMELESS_ID, session: NAMELESS_SESSION },
      { user: HOSTILE.sessions.id, session: HOSTILE.sessions.sessionId },
    ]) {
      const s = await findSessionNode(a, t.user, t.session);
      prompts.answer('$(key) Mint a fresh token for this session');
      const r = await vscode.commands.executeCommand<VerifyResult | undefined>('clerk.session.verify', s);
      assert.ok(r, messages().join(' | '));
      const rep = a.deps.reports.recent[a.deps.reports.recent.length - 1];
      assert.equal(rep.key, `verify/${s.instanceId}/${t.session}`);
      const html = rep.html;
      assert.doesNotMatch(html, /<img/i, 'an image');
      assert.doesNotMatch(html, /<script/i, 'a script');
      assert.doesNotMatch(html, /<(iframe|object|embed|form|base)\b/i, 'active HTML');
      for (const tag of html.match(/<[a-z][^>]*>/gi) ?? [])
        assert.doesNotMatch(tag, /\son\w+\s*=|javascript:/i, `an event handler in ${tag}`);
      for (const tag of html.match(/<a\s[^>]*>/gi) ?? [])
        assert.match(tag, /^<a href="command:clerk\.[A-Za-z.]+(\?[^"]*)?"/, `a foreign link: ${tag}`);
      assert.ok(!html.includes('https://attacker.invalid') || !/href="https:/.test(html), 'no link to the attacker');
      if (t.user === NAMELESS_ID) assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'), 'the hostile name appears, escaped');
      else
        assert.ok(html.includes('[Undo revoke](command:workbench.action.terminal.sendSequence'), 'the hostile user agent appears as text');
      assert.doesNotMatch(html, RLO, 'a direction override');
      assert.doesNotMatch(rep.text, RLO, 'a direction override in the report text (plain text, for the clipboard)');
    }
  });

  it('the tree: labels and descriptions are plain and bounded, tooltips are inert markdown', async () => {
    const users: UserNode[] = [];
    for (const id of [...HOSTILE_USERS.map((h) => h.id), NAMELESS_ID]) users.push(await findUserNode(a, id));
    const seen: TreeNode[] = [...users];
    for (const u of users) seen.push(...(await sessionNodes(a, u)));
    assert.ok(seen.length >= users.length * 2, 'each hostile user shows an active session');
    for (const n of seen) {
      const where = `${n.kind} ${n.id}`;
      const row = rowOf(a, n);
      for (const text of [labelOf(row), String(row.description ?? '')]) {
        assert.doesNotMatch(text, RLO, `a direction override in ${where}`);
        assert.ok(text.length <= 200, `${where}: ${text.length} characters`);
      }
      inertMarkdown(row.tooltip, `the tooltip of ${where}`);
    }
    const long = rowOf(
      a,
      users.find((u) => u.user.id === HOSTILE.longName.id)!,
    );
    assert.ok(String(long.description).length < 120, 'the 500-character name is cut');
    assert.ok(tooltipOf(long).length < 2000, 'and its tooltip is bounded');
  });

  it('quick picks and messages of hostile template names draw no icons and hold no live link', async () => {
    const s = await findSessionNode(a, HOSTILE.sessions.id, HOSTILE.sessions.citySessionId);
    for (const name of [HOSTILE.templateName, ICON_TEMPLATE]) {
      prompts.answer((q) =>
        q.kind === 'quickPick' ? q.items.find((i) => !i.label.startsWith('$(watch)') && i.label.includes(name.slice(4, 12))) : undefined,
      );
      const r = await vscode.commands.executeCommand<{ template: string } | undefined>('clerk.session.copyJwtFromTemplate', s);
      assert.equal(r?.template, name, messages().join(' | '));
    }
    const picks = prompts.asked.filter((q) => q.kind === 'quickPick');
    assert.equal(picks.length, 2);
    for (const q of picks) {
      assert.ok(q.kind === 'quickPick');
      for (const i of q.items) {
        for (const t of [i.label.replace(/^\$\(watch\) /, ''), i.description ?? '', i.detail ?? ''])
          assert.doesNotMatch(t, /(?<!\\)\$\(/, `an icon in "${t}"`);
      }
      assert.doesNotMatch(q.options.title ?? '', /(?<!\\)\$\((?!watch)/);
    }
    for (const m of messages()) noLiveLink(m, 'a copy message');
    for (const st of prompts.statusMessages.slice(-2))
      assert.doesNotMatch(st.replace(/^\$\(check\) /, ''), /(?<!\\)\$\(/, `an icon in the status bar: ${st}`);
  });

  it('a hostile error message from Clerk is shown inert, in a toast and in an error row', async () => {
    const proxy = await startTamperProxy(server.origin);
    const hostile = {
      errors: [
        {
          code: 'form_param_invalid',
          message: `${HOSTILE.commandLink.first_name} \u202Egnp.exe`,
          long_message: `${HOSTILE.city} <img src=x> [Docs](https://attacker.invalid)`,
        },
      ],
      clerk_trace_id: 'x',
    };
    try {
      await setApiUrl(proxy.url);
      const s = await findSessionNode(a, HOSTILE.sessions.id, HOSTILE.sessions.sessionId);
      proxy.answer(/^POST \/v1\/sessions\/[^/]+\/tokens$/, { status: 422, body: hostile });
      await vscode.commands.executeCommand('clerk.session.copyToken', s);
      const err = prompts.messages('error');
      assert.equal(err.length, 1, messages().join(' | '));
      noLiveLink(err[0], 'the error toast');
      proxy.answer(/^GET \/v1\/users$/, { status: 400, body: hostile });
      a.tree.refresh();
      const rows = await treeChildren(a, await instanceNode(a));
      const node = rows.find(isErrorNode);
      assert.ok(node, 'an error row');
      const row = rowOf(a, node);
      for (const t of [labelOf(row), String(row.description ?? '')]) {
        assert.doesNotMatch(t, RLO);
        assert.ok(t.length <= 400, `${t.length} characters`);
      }
      inertMarkdown(row.tooltip, 'the error row tooltip');
    } finally {
      await setApiUrl(server.url);
      await proxy.stop();
    }
  });

  it('Inspect: the hostile strings are only inside JSON strings', async () => {
    for (const t of [
      { user: NAMELESS_ID, session: NAMELESS_SESSION },
      { user: HOSTILE.sessions.id, session: HOSTILE.sessions.sessionId },
    ]) {
      const s = await findSessionNode(a, t.user, t.session);
      await vscode.commands.executeCommand('clerk.session.inspect', s);
      const ed = await until('the session document', () =>
        vscode.window.visibleTextEditors.find((e) => e.document.uri.scheme === 'clerk-session' && e.document.uri.path.includes(t.session)),
      );
      const text = ed.document.getText();
      const doc = JSON.parse(text) as { session: { id: string } };
      assert.equal(doc.session.id, t.session);
      assert.ok(text.includes('command:'), 'the hostile text is in the document');
      const outside = text.replace(/"(?:[^"\\]|\\.)*"/g, '""');
      assert.doesNotMatch(outside, /\]\(|<|!|command:|https?:/, 'hostile text outside JSON strings');
    }
  });
});
