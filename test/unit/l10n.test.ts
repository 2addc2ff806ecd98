// Localisation of the vscode-free core (issue 14 §5): its sentences go through @vscode/l10n's l10n.t, all of them are in
// l10n/bundle.l10n.json (and the pseudo-locale bundle), none is said at import time (the bundle is loaded at
// activation), and with the pseudo-locale bundle loaded the core's words (status filters, hover rows, Explain and
// Verify, Explain Request, API URL and setting problems) hold no English but the data they were given.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as l10n from '@vscode/l10n';
import * as ts from 'typescript';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { repoRoot } from '../support/paths';
import { englishWords, readBundle, untranslated } from '../support/untranslated';
import { STATUS_FILTERS, emptyListText, statusFilterLabel, statusName } from '../../src/model/statusFilter';
import { checkApiUrl } from '../../src/util/apiUrl';
import { numberSetting } from '../../src/util/settings';
import { useL10nBundle } from '../../src/util/l10n';
import { deviceLabel, relativeTime } from '../../src/util/format';
import { hoverSummary } from '../../src/tokens/hover';
import { decodeToken } from '../../src/tokens/decode';
import { explainToken, type Explanation } from '../../src/tokens/explain';
import { verdict, type JwksLike } from '../../src/tokens/verdict';
import { sessionMatch } from '../../src/tokens/match';
import { explainReport, undecodableReport } from '../../src/reports/explainReport';
import { verifyReport } from '../../src/reports/verifyReport';
import { renderText } from '../../src/reports/report';
import { explainRequestReport } from '../../src/requests';
import { ClerkInputError } from '../../src/clerk/errors';
import { ClerkClient } from '../../src/clerk/client';

const CORE = ['tokens', 'clerk', 'model', 'util', 'reports', 'requests'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.ts$/.test(name) ? [p] : [];
  });
}

interface Call {
  file: string;
  line: number;
  /** The bundle key, as @vscode/l10n-dev export writes it; undefined when the message is not a literal. */
  key?: string;
  topLevel: boolean;
}

/** Every l10n.t / vscode.l10n.t call of a file: its key and whether it runs when the module is first evaluated. */
function calls(file: string): Call[] {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const out: Call[] = [];
  const visit = (n: ts.Node, inFunction: boolean) => {
    const fn = inFunction || (ts.isFunctionLike(n) && 'body' in n && n.body !== undefined);
    const at = () => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
    if (ts.isTaggedTemplateExpression(n) && /^(vscode\.)?l10n\.t$/.test(n.tag.getText(sf))) {
      const t = n.template;
      const key = ts.isNoSubstitutionTemplateLiteral(t)
        ? t.text
        : t.head.text + t.templateSpans.map((s, i) => `{${i}}${s.literal.text}`).join('');
      out.push({ file, line: at(), key, topLevel: !fn });
    } else if (ts.isCallExpression(n) && /^(vscode\.)?l10n\.t$/.test(n.expression.getText(sf))) {
      const a = n.arguments[0];
      const key = a && (ts.isStringLiteral(a) || ts.isNoSubstitutionTemplateLiteral(a)) ? a.text : undefined;
      out.push({ file, line: at(), key, topLevel: !fn });
    }
    ts.forEachChild(n, (c) => visit(c, fn));
  };
  visit(sf, false);
  return out;
}

describe('localisation of the vscode-free core', () => {
  const root = repoRoot();
  const english = readBundle(root, 'l10n/bundle.l10n.json');
  const pseudo = readBundle(root, 'l10n/bundle.l10n.qps-ploc.json');
  const all = files(join(root, 'src')).flatMap(calls);
  const core = all.filter((c) => CORE.includes(relative(join(root, 'src'), c.file).split('/')[0]));
  const where = (c: Call) => `${relative(root, c.file)}:${c.line}`;

  it('the core says its sentences through l10n.t (hundreds of them)', () => {
    assert.ok(core.length > 400, `only ${core.length} l10n.t calls in the core`);
  });

  it('no l10n.t in the core runs at import time (before activation loads the bundle)', () => {
    assert.deepEqual(core.filter((c) => c.topLevel).map(where), []);
  });

  it('every message is a literal that `npm run l10n` can export', () => {
    assert.deepEqual(all.filter((c) => c.key === undefined).map(where), []);
  });

  // The core's messages only: a message above it (vscode.l10n.t) that is not in the bundle yet would show in English in
  // the pseudo locale, but does not fail every helper's unit run (run `npm run l10n` before a release).
  it('l10n/bundle.l10n.json holds every message of the core (run `npm run l10n` after changing one)', () => {
    assert.deepEqual(
      core.filter((c) => !(c.key! in english)).map((c) => `${where(c)}: ${c.key}`),
      [],
      'missing from the bundle',
    );
  });

  it('the pseudo-locale bundle translates every message, placeholders kept', () => {
    assert.deepEqual(Object.keys(pseudo).sort(), Object.keys(english).sort());
    for (const [k, v] of Object.entries(pseudo)) {
      const m = typeof v === 'string' ? v : v.message;
      assert.deepEqual(m.match(/\{\d+\}/g)?.sort() ?? [], k.match(/\{\d+\}/g)?.sort() ?? [], k);
      if (/[a-z]{2}/i.test(k.replace(/\$\([a-z-]+\)|\{\d+\}/g, ''))) assert.notEqual(m, k, `not pseudo-localized: ${k}`);
    }
  });

  describe('with the pseudo-locale bundle loaded', () => {
    const dict = englishWords(english);
    // Loaded the way activation loads VS Code's bundle for the display language.
    before(() => useL10nBundle(pseudo));
    after(() => l10n.config({ contents: {} }));
    const clean = (what: string, text: string, data: readonly string[] = []) =>
      assert.deepEqual(untranslated(text, dict, data), [], `${what} is partly English:\n${text}`);

    it('with no bundle loaded, l10n.t says English with its placeholders filled (the unit tests read English)', () => {
      l10n.config({ contents: {} });
      try {
        assert.equal(emptyListText('revoked'), 'No revoked sessions');
        assert.equal(checkApiUrl('ftp://x'), 'clerk.apiUrl must use https (plain http is allowed only for localhost): "ftp://x".');
      } finally {
        useL10nBundle(pseudo);
      }
    });

    it('no bundle for English (VS Code gives undefined) leaves the loaded one as it is', () => {
      const pseudoEmpty = emptyListText('revoked');
      assert.notEqual(pseudoEmpty, 'No revoked sessions');
      useL10nBundle(undefined);
      assert.equal(emptyListText('revoked'), pseudoEmpty);
    });

    it('status filter names and empty lists', () => {
      for (const f of STATUS_FILTERS) clean(f, `${statusFilterLabel(f)} · ${emptyListText(f)}`);
      clean('statuses', ['active', 'pending', 'revoked', 'expired'].map(statusName).join(' '));
    });

    it('API URL and setting problems, times and devices', () => {
      clean('apiUrl', `${checkApiUrl('not a url')} ${checkApiUrl('http://example.com/v1')}`, ['not a url', 'http://example.com/v1']);
      clean('setting', `${numberSetting('pageSize', 'lots', 20, 1, 500).problem} ${numberSetting('pageSize', 9000, 20, 1, 500).problem}`, [
        'lots',
      ]);
      const now = Date.UTC(2026, 10, 30, 7);
      clean('times', `${relativeTime(now - 3_600_000, now)} ${relativeTime(now - 10, now)} ${relativeTime(0, now)}`);
      clean(
        'device',
        `${deviceLabel({})} ${deviceLabel({ latest_activity: { device_type: 'Macintosh', is_mobile: false } })} ${deviceLabel({ latest_activity: { is_mobile: true } })}`,
        ['Chrome', 'Macintosh'],
      );
      assert.throws(
        () => new ClerkClient({ secretKey: 'sk_test_x', apiUrl: 'ftp://nowhere.example' }),
        (e: unknown) => e instanceof ClerkInputError && untranslated(e.message, dict, ['ftp://nowhere.example', 'ftp:']).length === 0,
      );
    });

    it('the hover, Explain Token and Verify of a signed session token, and of tokens that fail', async () => {
      const { privateKey, publicKey } = await generateKeyPair('RS256');
      const jwk = { ...(await exportJWK(publicKey)), kid: 'ins_pseudo', alg: 'RS256', use: 'sig' };
      const now = Date.now();
      const iat = Math.floor(now / 1000);
      const claims = {
        sid: 'sess_pseudo',
        v: 2,
        azp: 'http://localhost:3000',
        fva: [3, -1],
        sts: 'pending',
        pla: 'u:pro',
        fea: 'o:sso',
        o: { id: 'org_pseudo', slg: 'acme', rol: 'admin', per: 'read,manage', fpm: '3' },
        act: { sub: 'user_actor', iss: 'https://dashboard.clerk.com' },
        custom: 'x',
        jti: 'jti_pseudo',
      };
      const sign = (c: object, exp: number) =>
        new SignJWT({ ...c })
          .setProtectedHeader({ alg: 'RS256', kid: 'ins_pseudo', typ: 'JWT' })
          .setIssuer('https://pseudo.clerk.accounts.dev')
          .setSubject('user_pseudo')
          .setIssuedAt(iat)
          .setNotBefore(iat - 10)
          .setExpirationTime(exp)
          .sign(privateKey);
      const good = await sign(claims, iat + 60);
      const expired = await sign({ sid: 'sess_pseudo', v: 2 }, iat - 3600);
      const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"user_pseudo","v":9}').toString('base64url')}.`;
      const data = ['Acme', 'acme', 'admin', 'read', 'manage', 'sso', 'pro', 'custom', 'Ada Lovelace', 'ada@example.com', 'Chrome'];
      for (const [name, token, jwks] of [
        ['good', good, { keys: [jwk] }],
        ['expired', expired, { keys: [jwk] }],
        ['no key', good, null],
        // A forged session token (its signature is another's): its title says what it claims to be, in the bundle's words.
        ['forged', `${good.slice(0, good.lastIndexOf('.'))}.${expired.slice(expired.lastIndexOf('.') + 1)}`, { keys: [jwk] }],
        ['unsigned', unsigned, { keys: [jwk] }],
        ['broken', 'eyJhbGciOi.x', null],
      ] as Array<[string, string, JwksLike | null]>) {
        const h = await hoverSummary(token, { jwks, kidToInstance: { ins_pseudo: 'Pseudo' }, now });
        clean(`hover (${name})`, [h.kindText, h.problem, ...h.lines.flatMap((l) => [l.label, l.value]), ...h.notes].join('\n'), [
          ...data,
          'Pseudo',
        ]);
        const d = decodeToken(token);
        if (!d.ok) {
          clean(`undecodable report (${name})`, renderText(undecodableReport(d)), data);
          continue;
        }
        const e = explainToken(d, { now }) as Explanation;
        const v = await verdict(d, jwks, { now, authorizedParties: ['http://localhost:3000'] });
        const report = explainReport({
          explanation: e,
          verdict: v,
          issuer: { instance: 'Pseudo', text: e.issuer ?? '' },
          live: {
            session: { id: 'sess_pseudo', status: 'active' },
            user: { id: 'user_pseudo', name: 'Ada Lovelace', email: 'ada@example.com' },
          },
          actions: [],
        });
        // The decoded header and claims, shown as JSON, are data.
        clean(`Explain Token report (${name})`, renderText(report), [
          ...data,
          'Pseudo',
          '"header"',
          '"claims"',
          '"pending"',
          '"none"',
          ': none ·',
        ]);
        const check = verifyReport({
          verdict: v,
          match: sessionMatch(d, { id: 'sess_other', user_id: 'user_pseudo' }),
          sessionId: 'sess_other',
          userId: 'user_pseudo',
          user: 'ada@example.com',
          device: 'Chrome',
          checkedAt: now,
          live: { status: 'revoked', lastActiveAt: now - 60_000, expireAt: now + 60_000 },
          endpoint: { kind: 'gone', httpStatus: 410, earlier: false },
        });
        // A reason's kind (expired, kid-unknown…) labels its row as a claim's name does: a code, like @clerk/backend's.
        clean(`Verify report (${name})`, renderText(check), [...data, '"pending"', ...v.reasons.map((r) => `${r.kind}:`)]);
      }
    });

    it('Explain Request: a browser request with cookies, a machine token, and text that is not a request', async () => {
      const iat = Math.floor(Date.now() / 1000);
      const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const jwt = `${b64({ alg: 'RS256', kid: 'ins_pseudo', typ: 'JWT' })}.${b64({ sub: 'user_pseudo', sid: 'sess_pseudo', iat, exp: iat + 60, nbf: iat - 10, v: 2 })}.c2ln`;
      for (const [name, text] of [
        [
          'cookies',
          `GET /dashboard HTTP/1.1\nHost: localhost:3000\nAccept: text/html\nSec-Fetch-Dest: document\nCookie: __session=${jwt}; __client_uat=${iat - 100}; __client_uat=1\n\n`,
        ],
        ['machine', `curl -H 'Authorization: Bearer ak_pseudo123' http://localhost:3000/api`],
        ['not a request', '{"log": '],
      ] as const) {
        const r = await explainRequestReport(text, { publishableKey: 'pk_test_cHNldWRvLmNsZXJrLmFjY291bnRzLmRldiQ' });
        // Clerk's own names stay as they are: the AuthStatus (signed-in, handshake) and the form read (http, curl, har).
        clean(`Explain Request report (${name})`, renderText(r), [
          'dashboard',
          'localhost',
          'document',
          'handshake',
          ': http\n',
          ': curl\n',
        ]);
      }
    });
  });
});
