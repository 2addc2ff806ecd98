// The organization of a session token in words, as the Explain Token report shows it (its Organization section: the
// organization, the role as Clerk's has() names it, the permissions, one row per feature with its permission keys, the
// sentence and the problems). Version 2's `o` with `fpm` decoded as @clerk/shared decodes it (one bitmask over o.per per
// organization-scoped entry of fea, bit 0 the first permission), and version 1's org_* claims.
import * as assert from 'node:assert/strict';
import { __experimental_JWTPayloadToAuthObjectProperties as clerkAuthObject } from '@clerk/shared/jwtPayloadParser';
import { describeOrg, describeV1Org, splitScoped, type OrgExplanation } from '../../src/tokens/org';

/** The organization section as the report builds it from the explanation. */
const features = (o: OrgExplanation): Array<[string, string[]]> => o.featurePermissions.map((f) => [f.feature, f.keys]);

describe('organization claims (version 2: o, with fpm)', () => {
  it("decodes the docs' example: fea o:dashboard,o:teams, per manage,read, fpm 3,2", () => {
    const o = describeOrg({ id: 'org_1', slg: 'acme', rol: 'admin', per: 'manage,read', fpm: '3,2' }, 'o:dashboard,o:teams');
    assert.deepEqual(o, {
      version: 2,
      id: 'org_1',
      slug: 'acme',
      role: 'admin',
      roleKey: 'org:admin',
      permissions: ['manage', 'read'],
      featurePermissions: [
        { feature: 'dashboard', permissions: ['manage', 'read'], keys: ['org:dashboard:manage', 'org:dashboard:read'] },
        { feature: 'teams', permissions: ['read'], keys: ['org:teams:read'] },
      ],
      text: 'Active organization org_1 (slug acme), role admin; permissions by feature: dashboard → manage, read; teams → read.',
      problems: [],
    });
  });

  it('pairs fpm with the organization-scoped features only (o, uo, ou), in the order of fea', () => {
    const o = describeOrg(
      { id: 'org_1', rol: 'member', per: 'a,b,c', fpm: '1,6,5' },
      'u:basic, o:dashboard, uo:teams, u:extra, ou:billing',
    );
    assert.deepEqual(features(o), [
      ['dashboard', ['org:dashboard:a']],
      ['teams', ['org:teams:b', 'org:teams:c']],
      ['billing', ['org:billing:a', 'org:billing:c']],
    ]);
    assert.deepEqual(o.problems, []);
    assert.equal(o.text, 'Active organization org_1, role member; permissions by feature: dashboard → a; teams → b, c; billing → a, c.');
  });

  it('a feature whose mask is 0 has no permissions, and the sentence says none', () => {
    const o = describeOrg({ id: 'org_1', rol: 'member', per: 'read', fpm: '0, 1' }, 'o:reports,o:teams');
    assert.deepEqual(
      o.featurePermissions.map((f) => [f.feature, f.permissions]),
      [
        ['reports', []],
        ['teams', ['read']],
      ],
    );
    assert.equal(o.text, 'Active organization org_1, role member; permissions by feature: reports → none; teams → read.');
  });

  it('reads masks wider than 53 bits exactly', () => {
    const per = Array.from({ length: 70 }, (_, i) => `p${i}`);
    // bits 0 and 69 set: 2^69 + 1, which a float would round.
    const o = describeOrg({ id: 'org_1', rol: 'admin', per: per.join(','), fpm: (2n ** 69n + 1n).toString() }, 'o:all');
    assert.deepEqual(o.featurePermissions[0].permissions, ['p0', 'p69']);
    assert.deepEqual(o.problems, []);
  });

  it('says when fpm and fea do not pair up, when a mask is not a whole number, and when a mask names a permission o.per lacks', () => {
    const o = describeOrg({ id: 'org_1', rol: 'admin', per: 'manage,read', fpm: '1,x2,4' }, 'o:dashboard,o:teams');
    assert.deepEqual(o.problems, [
      'o.fpm has 3 entries but fea has 2 organization feature(s): they should pair up one to one.',
      'o.fpm entry 2 ("x2") is not a whole number.',
    ]);
    // The entry beyond the features is still checked as a number, but pairs with nothing.
    assert.deepEqual(features(o), [['dashboard', ['org:dashboard:manage']]]);
    const wide = describeOrg({ id: 'org_1', rol: 'admin', per: 'manage,read', fpm: '5,2' }, 'o:dashboard,o:teams');
    assert.deepEqual(wide.problems, ['o.fpm entry 1 (5) sets bit 2, but o.per lists only 2 permission(s).']);
    assert.deepEqual(features(wide), [
      ['dashboard', ['org:dashboard:manage']],
      ['teams', ['org:teams:read']],
    ]);
    // A mask using exactly the listed permissions is fine.
    assert.deepEqual(describeOrg({ id: 'org_1', per: 'a,b', fpm: '3' }, 'o:f').problems, []);
    // Negative, fractional, signed or hex masks are not whole numbers; a long one is quoted cut to 40 characters.
    for (const m of ['-1', '1.5', '+1', '0x3', '']) {
      const p = describeOrg({ id: 'org_1', per: 'a', fpm: `1,${m}` }, 'o:f,o:g').problems;
      assert.deepEqual(p, [`o.fpm entry 2 (${JSON.stringify(m)}) is not a whole number.`], m);
    }
    const long = describeOrg({ per: 'a', fpm: '9'.repeat(401) }, 'o:f').problems;
    assert.deepEqual(long, [`o.fpm entry 1 (${JSON.stringify('9'.repeat(40))}) is not a whole number.`]);
    // 400 digits is still a number (a mask over a very long permission list).
    const big = describeOrg({ per: 'a', fpm: `1${'0'.repeat(399)}` }, 'o:f').problems;
    assert.equal(big.length, 1);
    assert.match(big[0], /^o\.fpm entry 1 \(10{399}\) sets bit 1325, but o\.per lists only 1 permission\(s\)\.$/);
  });

  it('o.per and o.fpm of the wrong type are problems; an empty fpm is nothing to pair', () => {
    const o = describeOrg({ id: 'org_1', rol: 'admin', per: ['manage'], fpm: 3 }, 'o:dashboard');
    assert.deepEqual(o.problems, ['o.per is not a comma-separated string.', 'o.fpm is not a comma-separated string.']);
    assert.deepEqual(o.permissions, []);
    const empty = describeOrg({ id: 'org_1', rol: 'admin', per: 'manage', fpm: '' }, 'o:dashboard');
    assert.deepEqual(empty.problems, []);
    assert.deepEqual(empty.featurePermissions, []);
    assert.equal(empty.text, 'Active organization org_1, role admin; permissions: manage.');
    const none = describeOrg({ id: 'org_1', rol: 'admin' }, 'o:dashboard');
    assert.deepEqual(none.problems, []);
    assert.equal(none.text, 'Active organization org_1, role admin.');
  });

  it('o.per with spaces and empty entries: each entry keeps its place (fpm counts places), the first empty one is a problem', () => {
    const o = describeOrg({ id: 'org_1', rol: 'admin', per: ' manage , ,read,' }, undefined);
    assert.deepEqual(o.permissions, ['manage', '', 'read', '']);
    assert.equal(o.text, 'Active organization org_1, role admin; permissions: manage, "", read, "".');
    assert.deepEqual(o.problems, [
      'o.per has an empty entry (number 2): its place still counts in o.fpm, and it grants a permission with no name.',
    ]);
    // fpm 6 (bits 1 and 2) names manage and read, the second and third places, not the empty first one and manage.
    const f = describeOrg({ per: ',manage,read', fpm: '6' }, 'o:dashboard');
    assert.deepEqual(f.featurePermissions[0].keys, ['org:dashboard:manage', 'org:dashboard:read']);
    assert.match(f.problems.join(' '), /empty entry \(number 1\)/);
    assert.equal(describeOrg({ per: '' }, undefined).permissions.length, 0);
  });

  it('an o without id, slug or role still makes a sentence; values of the wrong type are left out', () => {
    const o = describeOrg({ id: 5, slg: 6, rol: 7 }, undefined);
    assert.deepEqual(o, {
      version: 2,
      permissions: [],
      featurePermissions: [],
      text: 'Active organization an organization, role (none).',
      problems: [],
    });
    assert.equal(describeOrg({ slg: 'acme' }, undefined).text, 'Active organization an organization (slug acme), role (none).');
    assert.equal(describeOrg({ id: 'org_1', slg: '' }, undefined).text, 'Active organization org_1, role (none).');
  });
});

describe('organization claims, against @clerk/shared (what has() on a backend grants)', () => {
  // @clerk/shared turns a token's claims into the auth object a backend's has() reads: the role and the org:<feature>:<permission>
  // keys. Ours must name the same ones, so a user reading the report sees what their backend will allow.
  const v2: Array<[string | undefined, Record<string, string>]> = [
    ['o:dashboard,o:teams', { per: 'manage,read', fpm: '3,2' }],
    ['u:basic,o:dashboard,uo:teams,u:extra,ou:billing', { per: 'a,b,c', fpm: '1,6,5' }],
    ['o:reports,o:teams', { per: 'read', fpm: '0,1' }],
    ['o:dashboard,o:teams', { per: 'manage,read', fpm: '7,2' }],
    ['o:dashboard,o:teams', { per: 'manage,read', fpm: '1,x,2' }],
    ['o:dashboard', { per: 'manage,read', fpm: '3,3' }],
    ['o:dashboard,o:teams', { per: 'manage,read', fpm: '2' }],
    [undefined, { per: 'manage', fpm: '1' }],
    ['o:all', { per: Array.from({ length: 70 }, (_, i) => `p${i}`).join(','), fpm: (2n ** 69n + 2n ** 60n + 1n).toString() }],
    ['o:dashboard', { per: 'manage' }],
    ['o:dashboard', { per: 'manage,,read', fpm: '7' }],
    ['o:dashboard', { per: ',manage,read', fpm: '6' }],
    ['o:dashboard', { per: ' manage , read ', fpm: '3' }],
    ['o:dashboard, o:teams', { per: 'manage,read', fpm: '1, 2' }],
    ['o:dashboard', { per: '', fpm: '1' }],
    ['o:dashboard', { per: 'manage,read', fpm: '' }],
    ['o:dashboard', { per: 'manage,read', fpm: '-1' }],
    ['o:dashboard', { per: 'manage,read', fpm: '1.0' }],
    ['o:dashboard', { per: 'manage,read', fpm: '0x3' }],
    ['o:dashboard', { per: 'manage,read', fpm: ' 3' }],
  ];
  for (const [fea, o] of v2) {
    it(`version 2: fea ${fea ?? '(none)'}, per ${o.per.slice(0, 20)}, fpm ${o.fpm?.slice(0, 25) ?? '(none)'}`, () => {
      const claims = { v: 2, sid: 'sess_1', sub: 'user_1', ...(fea === undefined ? {} : { fea }), o: { id: 'org_1', rol: 'admin', ...o } };
      const theirs = clerkAuthObject(claims as Parameters<typeof clerkAuthObject>[0]);
      const ours = describeOrg(claims.o, fea);
      assert.deepEqual(
        ours.featurePermissions.flatMap((f) => f.keys),
        theirs.orgPermissions,
      );
      assert.equal(ours.roleKey, theirs.orgRole);
      assert.equal(ours.id, theirs.orgId);
    });
  }

  it('version 1: the role and permissions as the claims carry them', () => {
    const claims = {
      sid: 'sess_1',
      sub: 'user_1',
      org_id: 'org_1',
      org_slug: 'acme',
      org_role: 'org:admin',
      org_permissions: ['org:a:read'],
    };
    const theirs = clerkAuthObject(claims as Parameters<typeof clerkAuthObject>[0]);
    const ours = describeV1Org(claims);
    assert.deepEqual(
      [ours.id, ours.slug, ours.roleKey, ours.permissions],
      [theirs.orgId, theirs.orgSlug, theirs.orgRole, theirs.orgPermissions],
    );
  });
});

describe('organization claims (version 1: org_*)', () => {
  it('keeps the role as the token carries it (with org:) and names it without', () => {
    const o = describeV1Org({
      org_id: 'org_1',
      org_slug: 'acme',
      org_role: 'org:admin',
      org_permissions: ['org:sys_memberships:read', 5, 'org:sys_profile:manage'],
    });
    assert.deepEqual(o, {
      version: 1,
      id: 'org_1',
      slug: 'acme',
      role: 'admin',
      roleKey: 'org:admin',
      permissions: ['org:sys_memberships:read', 'org:sys_profile:manage'],
      featurePermissions: [],
      text: 'Active organization org_1 (slug acme), role org:admin; permissions: org:sys_memberships:read, org:sys_profile:manage.',
      problems: [],
    });
    // Only a leading org: is dropped.
    assert.equal(describeV1Org({ org_role: 'admin:org:x' }).role, 'admin:org:x');
  });

  it('missing or ill-typed org claims: a sentence still, and a problem for org_permissions that is not an array', () => {
    assert.deepEqual(describeV1Org({ org_id: 1, org_slug: 2, org_role: 3 }), {
      version: 1,
      permissions: [],
      featurePermissions: [],
      text: 'Active organization (no id), role (none).',
      problems: [],
    });
    const o = describeV1Org({ org_id: 'org_1', org_slug: '', org_permissions: { read: true } });
    assert.deepEqual(o.problems, ['org_permissions is not an array of strings.']);
    assert.equal(o.text, 'Active organization org_1, role (none).');
    assert.deepEqual(describeV1Org({ org_id: 'org_1', org_permissions: [] }).text, 'Active organization org_1, role (none).');
  });
});

describe('splitScoped (pla and fea)', () => {
  it('splits scope from name at the first colon, trims, and drops empty entries', () => {
    assert.deepEqual(splitScoped(' u:free , o:pro:plus,,uo:teams, basic ,'), [
      { scope: 'u', name: 'free' },
      { scope: 'o', name: 'pro:plus' },
      { scope: 'uo', name: 'teams' },
      { scope: '', name: 'basic' },
    ]);
    assert.deepEqual(splitScoped(''), []);
    assert.deepEqual(splitScoped(':x'), [{ scope: '', name: 'x' }]);
  });
});
