// Explain Token, claim by claim: the rows (claim, sentence, warn mark) and the notes a user reads for representative
// tokens: Clerk session tokens v2 and v1, template tokens, tokens out of their time window, claims that are missing or
// of the wrong type, impersonation, hostile claim text and numbers beyond a Date. The sentences are the product, so
// they are asserted whole. Tokens are signed RS256 with a key generated here (the signature plays no part in explaining).
import * as assert from 'node:assert/strict';
import { generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import { classify, explainToken, kindTexts, type Explanation, type ExplainResult } from '../../src/tokens/explain';
import { decodeToken } from '../../src/tokens/decode';
import { localTime } from '../../src/util/format';

const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const HEADER = { alg: 'RS256', kid: 'ins_2abc', typ: 'JWT' };
function jwt(payload: unknown, header: object = HEADER): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${nodeSign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
}

const NOW = Date.UTC(2026, 10, 27, 12);
const T = NOW / 1000;
/** What a time claim shows: the user's local clock to the second. */
const at = (seconds: number): string => localTime(seconds * 1000);

function explained(token: string, now = NOW): Explanation {
  const e: ExplainResult = explainToken(token, { now });
  assert.ok(e.ok, e.ok ? '' : e.sentence);
  return e;
}
/** The Claims section of the report: one row per claim, its sentence, and whether it carries the warn mark. */
const rows = (e: Explanation): Array<[string, string, boolean]> => e.claims.map((c) => [c.claim, c.text, c.problem === true]);
const row = (e: Explanation, claim: string): [string, boolean] => {
  const c = e.claims.find((x) => x.claim === claim);
  assert.ok(c, `a row for ${claim}`);
  return [c.text, c.problem === true];
};

describe('Explain Token: claims in words', () => {
  it('a Clerk session token (version 2) with an organization, plans, features and impersonation: every row, in order', () => {
    // The claims come in an order of their own; the report lists Clerk's in a fixed order, then the rest as they came.
    const e = explained(
      jwt({
        zzz: 'last',
        act: { iss: 'https://dashboard.clerk.com', sid: 'sess_admin', sub: 'user_admin' },
        o: { id: 'org_1', slg: 'acme', rol: 'admin', per: 'manage,read', fpm: '3,2' },
        fea: 'u:basic,o:dashboard,o:teams',
        pla: 'u:free,o:pro',
        fva: [5, -1],
        sts: 'active',
        v: 2,
        jti: 'abc123',
        exp: T + 55,
        nbf: T - 10,
        iat: T - 5,
        azp: 'http://localhost:3000',
        sid: 'sess_1',
        sub: 'user_1',
        iss: 'https://happy-hen-1.clerk.accounts.dev',
        aaa: 1,
      }),
    );
    assert.equal(e.kind, 'session-v2');
    assert.equal(e.kindText, 'Clerk session token (version 2)');
    assert.deepEqual([e.alg, e.kid, e.typ], ['RS256', 'ins_2abc', 'JWT']);
    assert.deepEqual(rows(e), [
      ['iss', "Issued by https://happy-hen-1.clerk.accounts.dev: a development instance's Frontend API.", false],
      ['sub', 'The user: user_1.', false],
      ['sid', 'The session: sess_1.', false],
      ['azp', 'Made for a browser page at http://localhost:3000 (the Origin of the request that minted it).', false],
      ['iat', `Issued ${at(T - 5)} (5 s ago).`, false],
      ['nbf', `Valid from ${at(T - 10)} (10 s ago). (5 s before iat: the allowed clock skew.)`, false],
      ['exp', `Expires ${at(T + 55)} (in 55 s). Lifetime 60 s.`, false],
      ['jti', 'Token id "abc123".', false],
      ['v', 'Session token claims version 2.', false],
      ['sts', 'Session active.', false],
      ['fva', 'Factor verification age: first factor verified 5 minutes ago; second factor: never (or the user has none).', false],
      ['pla', 'Active plans: free (user), pro (organization).', false],
      ['fea', 'Enabled features: basic (user), dashboard (organization), teams (organization).', false],
      ['o', 'Active organization org_1 (slug acme), role admin; permissions by feature: dashboard → manage, read; teams → read.', false],
      ['act', 'Impersonation: user user_admin is acting as user user_1 through the Clerk Dashboard, from their session sess_admin.', false],
      ['zzz', 'Claim "zzz" = "last".', false],
      ['aaa', 'Claim "aaa" = 1.', false],
    ]);
    assert.deepEqual(e.otherClaims, ['zzz', 'aaa']);
    assert.deepEqual(
      [e.issuer, e.subject, e.sessionId, e.azp],
      ['https://happy-hen-1.clerk.accounts.dev', 'user_1', 'sess_1', 'http://localhost:3000'],
    );
    assert.equal(e.lifetimeSeconds, 60);
    assert.equal(e.expired, false);
    assert.deepEqual(e.times.exp, {
      seconds: T + 55,
      ms: NOW + 55_000,
      iso: '2026-11-27T12:00:55.000Z',
      local: at(T + 55),
      relative: 'in 55 s',
    });
    assert.equal(e.times.iat!.iso, '2026-11-27T11:59:55.000Z');
    assert.equal(e.times.nbf!.relative, '10 s ago');
    assert.deepEqual(e.factors, {
      first: 5,
      second: null,
      text: 'first factor verified 5 minutes ago; second factor: never (or the user has none)',
    });
    assert.deepEqual(e.features, [
      { scope: 'u', name: 'basic' },
      { scope: 'o', name: 'dashboard' },
      { scope: 'o', name: 'teams' },
    ]);
    assert.deepEqual(e.status, { value: 'active', text: 'Session active.' });
    assert.deepEqual(e.actor, {
      sub: 'user_admin',
      iss: 'https://dashboard.clerk.com',
      sid: 'sess_admin',
      text: 'Impersonation: user user_admin is acting as user user_1 through the Clerk Dashboard, from their session sess_admin.',
    });
    assert.deepEqual(
      e.organization!.featurePermissions.map((f) => f.keys),
      [['org:dashboard:manage', 'org:dashboard:read'], ['org:teams:read']],
    );
    assert.deepEqual(e.notes, []);
    assert.deepEqual(e.warnings, []);
    // The header's parameters as they come (the report shows them as decoded JSON).
    assert.deepEqual(e.header, [
      { claim: 'alg', value: 'RS256' },
      { claim: 'kid', value: 'ins_2abc' },
      { claim: 'typ', value: 'JWT' },
    ]);
  });

  it('a pending session (version 2) says why a backend may treat the user as signed out', () => {
    const e = explained(jwt({ sub: 'user_1', sid: 'sess_1', v: 2, sts: 'pending', iat: T, exp: T + 60 }));
    assert.deepEqual(row(e, 'sts'), [
      "Session pending: the user signed in but has tasks left (e.g. choose an organization). Clerk's SDKs treat a pending session as signed out by default (treatPendingAsSignedOut).",
      true,
    ]);
    assert.equal(e.status!.value, 'pending');
    // Issued this very second.
    assert.deepEqual(row(e, 'iat'), [`Issued ${at(T)} (now).`, false]);
    const other = explained(jwt({ sub: 'user_1', sid: 'sess_1', v: 2, sts: 'revoked' }));
    assert.deepEqual(row(other, 'sts'), ['Session status "revoked".', true]);
    assert.deepEqual(other.status, { value: 'revoked', text: 'Session status "revoked".' });
    const odd = explained(jwt({ sub: 'user_1', sid: 'sess_1', v: 2, sts: 7 }));
    assert.deepEqual(odd.status, { value: '7', text: 'Session status 7.' });
  });

  it('a Clerk session token (version 1): the org_* claims, each a row, and the note that the instance predates version 2', () => {
    const e = explained(
      jwt({
        org_permissions: ['org:sys_memberships:read', 'org:sys_profile:manage'],
        org_role: 'org:admin',
        org_slug: 'acme',
        org_id: 'org_1',
        sub: 'user_1',
        sid: 'sess_1',
        iss: 'https://clerk.example.com',
        iat: T - 5,
        exp: T + 55,
      }),
    );
    assert.equal(e.kind, 'session-v1');
    assert.equal(e.kindText, 'Clerk session token (version 1, deprecated since 2025-04-14)');
    assert.deepEqual(rows(e), [
      ['iss', "Issued by https://clerk.example.com: a production instance's Frontend API.", false],
      ['sub', 'The user: user_1.', false],
      ['sid', 'The session: sess_1.', false],
      ['iat', `Issued ${at(T - 5)} (5 s ago).`, false],
      ['exp', `Expires ${at(T + 55)} (in 55 s). Lifetime 60 s.`, false],
      ['org_id', 'Active organization: "org_1".', false],
      ['org_slug', 'Organization slug: "acme".', false],
      ['org_role', 'Role: "org:admin".', false],
      ['org_permissions', 'Permissions: ["org:sys_memberships:read","org:sys_profile:manage"].', false],
    ]);
    assert.deepEqual(e.notes, ['Version 1 claims (org_id, org_role…): the instance predates API version 2025-04-10.']);
    assert.equal(e.organization!.version, 1);
    assert.equal(
      e.organization!.text,
      'Active organization org_1 (slug acme), role org:admin; permissions: org:sys_memberships:read, org:sys_profile:manage.',
    );
    // A bad org_permissions is said once, among the notes.
    const bad = explained(jwt({ sub: 'user_1', sid: 'sess_1', org_id: 'org_1', org_permissions: 'read', org_role: 'org:member' }));
    assert.deepEqual(bad.notes, [
      'org_permissions is not an array of strings.',
      'Version 1 claims (org_id, org_role…): the instance predates API version 2025-04-10.',
    ]);
  });

  it('a JWT template token: the default claims in words, its own claims as "the template\'s claim", and no sid is expected', () => {
    const e = explained(
      jwt({
        aud: 'authenticated',
        email: 'ada@example.com',
        role: 'authenticated',
        sub: 'user_1',
        iss: 'https://clerk.example.com',
        iat: T - 1,
        nbf: T - 6,
        exp: T + 3599,
        jti: 'j1',
        metadata: { plan: 'pro' },
      }),
    );
    assert.equal(e.kind, 'template');
    assert.equal(e.kindText, 'JWT template token');
    assert.deepEqual(rows(e), [
      ['iss', "Issued by https://clerk.example.com: a production instance's Frontend API.", false],
      ['sub', 'The user: user_1.', false],
      ['iat', `Issued ${at(T - 1)} (1 s ago).`, false],
      ['nbf', `Valid from ${at(T - 6)} (6 s ago). (5 s before iat: the allowed clock skew.)`, false],
      ['exp', `Expires ${at(T + 3599)} (in 60 min). Lifetime 3600 s.`, false],
      ['jti', 'Token id "j1".', false],
      ['aud', 'The template\'s claim "aud" = "authenticated".', false],
      ['email', 'The template\'s claim "email" = "ada@example.com".', false],
      ['role', 'The template\'s claim "role" = "authenticated".', false],
      ['metadata', 'The template\'s claim "metadata" = {"plan":"pro"}.', false],
    ]);
    assert.deepEqual(e.otherClaims, ['aud', 'email', 'role', 'metadata']);
    assert.deepEqual(e.notes, [], "the verdict says a template token's missing sid is expected, once");
    // A template that puts the session id in a claim of its own (sid with claims beyond a session's) is still a template.
    const withSid = explained(jwt({ sub: 'user_1', sid: 'sess_1', email: 'ada@example.com' }));
    assert.equal(withSid.kind, 'template');
    assert.deepEqual(withSid.notes, []);
    assert.deepEqual(row(withSid, 'email'), ['The template\'s claim "email" = "ada@example.com".', false]);
  });

  it('which kind a token is: session v2 / v1, template, or unknown', () => {
    assert.equal(classify({ v: 2, sid: 'sess_1' }), 'session-v2');
    assert.equal(classify({ v: 2 }), 'unknown', 'v 2 without sid');
    assert.equal(classify({ v: 2, sid: 5 }), 'unknown');
    assert.equal(classify({ v: 1, sid: 'sess_1', sub: 'user_1' }), 'unknown');
    assert.equal(classify({ sid: 'sess_1', sub: 'user_1', org_id: 'org_1' }), 'session-v1');
    assert.equal(classify({ sid: 'sess_1', sub: 'user_1', email: 'x' }), 'template');
    assert.equal(classify({ sub: 'user_1' }), 'template');
    assert.equal(classify({ iss: 'https://clerk.example.com' }), 'template');
    assert.equal(classify({ sid: 5, sub: 5, iss: 5 }), 'unknown');
    assert.equal(classify({}), 'unknown');
    assert.deepEqual(kindTexts(), {
      'session-v2': 'Clerk session token (version 2)',
      'session-v1': 'Clerk session token (version 1, deprecated since 2025-04-14)',
      template: 'JWT template token',
      unknown: 'JWT of an unknown kind',
    });
    const u = explained(jwt({ foo: 'bar' }));
    assert.equal(u.kindText, 'JWT of an unknown kind');
    assert.deepEqual(rows(u), [['foo', 'Claim "foo" = "bar".', false]]);
    assert.deepEqual(u.notes, []);
  });

  it('a session token version this extension does not know: a note and a warned v row', () => {
    const e = explained(jwt({ sub: 'user_1', sid: 'sess_1', v: 3 }));
    assert.equal(e.kind, 'unknown');
    assert.deepEqual(row(e, 'v'), ['Version 3.', true]);
    assert.deepEqual(e.notes, ['Claim v is 3: a session token version this extension does not know (2 is current).']);
    const s = explained(jwt({ sub: 'user_1', sid: 'sess_1', v: '2' }));
    assert.deepEqual(row(s, 'v'), ['Version "2".', true]);
    assert.deepEqual(s.notes, ['Claim v is "2": a session token version this extension does not know (2 is current).']);
  });
});

describe('Explain Token: times', () => {
  const base = { sub: 'user_1', sid: 'sess_1', v: 2 };

  it('an expired token: the exp row says Expired and is warned', () => {
    const e = explained(jwt({ ...base, iat: T - 65, nbf: T - 70, exp: T - 5 }));
    assert.deepEqual(row(e, 'exp'), [`Expired ${at(T - 5)} (5 s ago). Lifetime 60 s.`, true]);
    assert.equal(e.expired, true);
    assert.deepEqual(row(e, 'iat'), [`Issued ${at(T - 65)} (65 s ago).`, false]);
  });

  it('a token whose exp is this very millisecond is expired', () => {
    const e = explained(jwt({ ...base, exp: T }));
    assert.deepEqual(row(e, 'exp'), [`Expired ${at(T)} (now).`, true]);
    assert.equal(e.expired, true);
    assert.equal(e.lifetimeSeconds, undefined, 'no iat, no lifetime');
    const later = explained(jwt({ ...base, exp: T + 1 }));
    assert.deepEqual(row(later, 'exp'), [`Expires ${at(T + 1)} (in 1 s).`, false]);
    assert.equal(later.expired, false);
  });

  it('a token not yet valid, and one issued in the future: warned rows, no clock-skew remark when nbf follows iat', () => {
    const e = explained(jwt({ ...base, iat: T + 30, nbf: T + 40, exp: T + 90 }));
    assert.deepEqual(row(e, 'iat'), [`Issued ${at(T + 30)} (in 30 s).`, true]);
    assert.deepEqual(row(e, 'nbf'), [`Valid from ${at(T + 40)} (in 40 s).`, true]);
    assert.deepEqual(row(e, 'exp'), [`Expires ${at(T + 90)} (in 90 s). Lifetime 60 s.`, false]);
    // nbf equal to iat: no skew.
    const same = explained(jwt({ ...base, iat: T - 5, nbf: T - 5 }));
    assert.deepEqual(row(same, 'nbf'), [`Valid from ${at(T - 5)} (5 s ago).`, false]);
    // nbf without iat: nothing to compare with.
    const alone = explained(jwt({ ...base, nbf: T - 5 }));
    assert.deepEqual(row(alone, 'nbf'), [`Valid from ${at(T - 5)} (5 s ago).`, false]);
    // A time exactly now is not in the future.
    const now = explained(jwt({ ...base, nbf: T }));
    assert.deepEqual(row(now, 'nbf'), [`Valid from ${at(T)} (now).`, false]);
  });

  it('a token that expires before it was issued: expired, with a negative lifetime, and no clock-skew remark', () => {
    const e = explained(jwt({ ...base, iat: T - 5, exp: T - 65 }));
    assert.deepEqual(row(e, 'exp'), [`Expired ${at(T - 65)} (65 s ago). Lifetime -60 s.`, true]);
    assert.equal(e.lifetimeSeconds, -60);
  });

  it('times that are not numbers, and numbers beyond the dates JavaScript can hold', () => {
    const e = explained(jwt({ ...base, iat: '2026-11-27', nbf: null, exp: 1e20 }));
    assert.deepEqual(rows(e).slice(2, 5), [
      ['iat', 'iat is "2026-11-27", not a number of seconds: @clerk/backend rejects the token.', true],
      ['nbf', 'nbf is null, not a number of seconds: @clerk/backend rejects the token.', true],
      ['exp', 'exp is 100000000000000000000, beyond the dates JavaScript can hold: @clerk/backend treats it as never expiring.', true],
    ]);
    assert.deepEqual(e.times, {});
    assert.equal(e.expired, undefined);
    const f = explained(jwt({ ...base, iat: 9e15, nbf: -9e15 }));
    assert.deepEqual(row(f, 'iat'), ['iat is 9000000000000000, beyond the dates JavaScript can hold.', true]);
    assert.deepEqual(row(f, 'nbf'), ['nbf is -9000000000000000, beyond the dates JavaScript can hold.', true]);
    // The largest time a Date holds still explains (in days), though no local clock shows it.
    const far = explained(jwt({ ...base, iat: T, exp: 8.64e12 }));
    assert.equal(far.times.exp!.iso, '+275760-09-13T00:00:00.000Z');
    assert.deepEqual(row(far, 'exp'), [`Expires unknown time (in 99,979,216 days). Lifetime ${8.64e12 - T} s.`, false]);
  });
});

describe('Explain Token: claims that are missing or of the wrong type', () => {
  it('each says what it is and what a backend does with it, with the warn mark', () => {
    const e = explained(
      jwt({
        iss: 42,
        sub: 7,
        sid: null,
        azp: '',
        jti: 9,
        fva: [5],
        pla: ['pro'],
        fea: 1,
        o: 'org_1',
        act: 'user_admin',
      }),
    );
    assert.equal(e.kind, 'unknown');
    assert.deepEqual(rows(e), [
      ['iss', 'iss is 42, not a string.', true],
      ['sub', 'sub is 7, not a string: @clerk/backend rejects a token without a string sub.', true],
      ['sid', 'sid is null, not a string.', true],
      ['azp', 'azp is "": a backend that sets authorizedParties rejects it.', true],
      ['jti', 'Token id 9.', false],
      ['fva', 'fva is [5]; expected [minutes since first factor, minutes since second factor].', true],
      ['pla', 'pla is ["pro"], not a comma-separated string.', true],
      ['fea', 'fea is 1, not a comma-separated string.', true],
      ['o', 'o is "org_1", not an object.', true],
      ['act', 'act is "user_admin", not an object.', false],
    ]);
    assert.deepEqual([e.issuer, e.subject, e.sessionId, e.azp, e.factors, e.plans, e.features, e.organization], Array(8).fill(undefined));
    assert.deepEqual(e.actor, { text: 'act is "user_admin", not an object.' });
    assert.deepEqual(explained(jwt({ azp: 5 })).claims[0].text, 'azp is 5: a backend that sets authorizedParties rejects it.');
  });

  it('empty plans and features say so; scopes other than u, o, uo are named as they are', () => {
    const e = explained(jwt({ sub: 'user_1', sid: 'sess_1', v: 2, pla: '', fea: ' , ' }));
    assert.deepEqual(row(e, 'pla'), ['No active plans.', false]);
    assert.deepEqual(row(e, 'fea'), ['No features.', false]);
    assert.deepEqual([e.plans, e.features], [[], []]);
    const s = explained(jwt({ sub: 'user_1', sid: 'sess_1', v: 2, pla: 'x:gold, o:pro', fea: 'uo:sso,ou:audit,x:beta' }));
    assert.deepEqual(row(s, 'pla'), ['Active plans: gold (scope x), pro (organization).', false]);
    assert.deepEqual(row(s, 'fea'), [
      'Enabled features: sso (user and organization), audit (user and organization), beta (scope x).',
      false,
    ]);
    assert.deepEqual(s.plans, [
      { scope: 'scope x', slug: 'gold' },
      { scope: 'organization', slug: 'pro' },
    ]);
  });

  it('the organization row: its problems are warned and said among the notes', () => {
    const e = explained(
      jwt({ sub: 'user_1', sid: 'sess_1', v: 2, fea: 'o:dashboard', o: { id: 'org_1', rol: 'admin', per: 'manage', fpm: '1,1' } }),
    );
    assert.deepEqual(row(e, 'o'), ['Active organization org_1, role admin; permissions by feature: dashboard → manage.', true]);
    assert.deepEqual(e.notes, ['o.fpm has 2 entries but fea has 1 organization feature(s): they should pair up one to one.']);
    // Without fea, fpm has nothing to pair with.
    const noFea = explained(jwt({ sub: 'user_1', sid: 'sess_1', v: 2, o: { id: 'org_1', rol: 'admin', per: 'manage', fpm: '1' } }));
    assert.deepEqual(noFea.notes, ['o.fpm has 1 entries but fea has 0 organization feature(s): they should pair up one to one.']);
    // A fea that is not a string is its own row's problem; fpm has nothing to pair with then either.
    const badFea = explained(
      jwt({ sub: 'user_1', sid: 'sess_1', v: 2, fea: 5, o: { id: 'org_1', rol: 'admin', per: 'manage', fpm: '1' } }),
    );
    assert.deepEqual(row(badFea, 'fea'), ['fea is 5, not a comma-separated string.', true]);
    assert.deepEqual(badFea.notes, ['o.fpm has 1 entries but fea has 0 organization feature(s): they should pair up one to one.']);
    const fine = explained(jwt({ sub: 'user_1', sid: 'sess_1', v: 2, o: { id: 'org_1', rol: 'member' } }));
    assert.deepEqual(row(fine, 'o'), ['Active organization org_1, role member.', false]);
  });
});

describe('Explain Token: impersonation', () => {
  const act = (a: unknown, sub: unknown = 'user_1'): string => explained(jwt({ sub, sid: 'sess_1', v: 2, act: a })).actor!.text;
  it('names who acts as whom, through what, from which session', () => {
    assert.equal(
      act({ sub: 'user_admin', iss: 'https://dashboard.clerk.com' }),
      'Impersonation: user user_admin is acting as user user_1 through the Clerk Dashboard.',
    );
    assert.equal(
      act({ sub: 'user_admin', iss: 'https://support.example.com', sid: 'sess_a' }),
      'Impersonation: user user_admin is acting as user user_1 (issuer https://support.example.com), from their session sess_a.',
    );
    // Only the Dashboard's own host reads as the Dashboard.
    assert.equal(
      act({ sub: 'user_admin', iss: 'https://dashboard-clerk.com' }),
      'Impersonation: user user_admin is acting as user user_1 (issuer https://dashboard-clerk.com).',
    );
    assert.equal(act({}), 'Impersonation: someone is acting as user user_1.');
    assert.equal(act({ sub: 5, iss: 5, sid: 5 }), 'Impersonation: someone is acting as user user_1.');
    assert.equal(act({ sub: 'user_admin' }, 7), 'Impersonation: user user_admin is acting as this user.');
    const e = explained(jwt({ sub: 'user_1', act: { sub: 'user_admin' } }));
    assert.deepEqual(e.actor, { sub: 'user_admin', text: 'Impersonation: user user_admin is acting as user user_1.' });
  });
});

describe('Explain Token: hostile text and odd input', () => {
  it('claim names and values from the token are shown cut to length, never interpreted', () => {
    const name = `n${'x'.repeat(100)}`;
    const e = explained(jwt({ sub: 'user_1', sid: 'sess_1', v: 2, [name]: 'y'.repeat(300), '<b>': '[x](command:evil)' }));
    assert.deepEqual(row(e, name), [`Claim "${'n' + 'x'.repeat(57)}… = "${'y'.repeat(118)}….`, false]);
    assert.deepEqual(row(e, '<b>'), ['Claim "<b>" = "[x](command:evil)".', false]);
    // __proto__ as a claim is a claim like any other.
    const p = explained(`${b64(HEADER)}.${Buffer.from('{"sub":"user_1","__proto__":{"polluted":1}}').toString('base64url')}.c2ln`);
    assert.deepEqual(rows(p), [
      ['sub', 'The user: user_1.', false],
      ['__proto__', 'The template\'s claim "__proto__" = {"polluted":1}.', false],
    ]);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('a token that does not decode gives the decoding failure, with its sentence', () => {
    const bad = explainToken(`${b64(HEADER)}.${Buffer.from('{"sub":').toString('base64url')}.c2ln`, { now: NOW });
    assert.equal(bad.ok, false);
    assert.equal(!bad.ok && bad.sentence, "This JWT's payload is not JSON.");
    const plus = explainToken(`${b64(HEADER)}.ab+/.c2ln`);
    assert.equal(!plus.ok && plus.sentence, "This JWT's payload contains + or /, which is base64 but not base64url.");
  });

  it('explains an already decoded token, and carries its decoding warnings', () => {
    const d = decodeToken(`Bearer ${jwt({ sub: 'user_1' }).replace(/(.{20})/, '$1\\\n')}`);
    assert.ok(d.ok);
    const e = explainToken(d, { now: NOW }) as Explanation;
    assert.deepEqual(e.warnings, ['Line breaks inside the token were removed before decoding.']);
    // The header's own notes (a kid with path characters) land among the notes.
    const k = explained(jwt({ sub: 'user_1' }, { alg: 'RS256', kid: '../etc/passwd' }));
    assert.deepEqual(k.notes, [
      'The kid holds path or control characters (/, \\, .., NUL…): it must never be used to build a file path or URL.',
    ]);
    // Header values that are not strings are not taken as alg / kid / typ.
    const n = explained(jwt({ sub: 'user_1' }, { alg: 1, kid: 2, typ: 3 }));
    assert.deepEqual([n.alg, n.kid, n.typ], [undefined, undefined, undefined]);
  });

  it('uses the current time when none is given', () => {
    const now = Math.floor(Date.now() / 1000);
    const e = explainToken(jwt({ sub: 'user_1', exp: now + 3600 })) as Explanation;
    assert.equal(e.expired, false);
    assert.equal(e.times.exp!.relative, 'in 60 min');
  });
});
