// The organization claims of a session token in words: version 2's `o` (with `fpm`, the feature → permissions map) and
// version 1's `org_*` claims. No vscode import.
//
// `o.fpm` holds one integer per organization-scoped entry of `fea` (scope `o`, `uo` or `ou`), in the order of `fea`;
// each integer is a bitmask over `o.per` where bit 0 (least significant) is the first permission. That is how
// @clerk/shared reads it (user-only features, scope `u`, take no place in fpm). Example: fea `o:dashboard,o:teams`,
// per `manage,read`, fpm `3,2`: dashboard → manage, read; teams → read.
import type { Json, JsonObject } from './decode';
import * as l10n from '@vscode/l10n';

export interface FeaturePermissions {
  feature: string;
  permissions: string[];
  /** As Clerk's `has()` names them: `org:<feature>:<permission>`. */
  keys: string[];
}

export interface OrgExplanation {
  version: 1 | 2;
  id?: string;
  slug?: string;
  /** The role as the token carries it (v2 without the `org:` prefix). */
  role?: string;
  /** The role as Clerk's SDKs name it, with `org:`. */
  roleKey?: string;
  permissions: string[];
  featurePermissions: FeaturePermissions[];
  text: string;
  problems: string[];
}

/** "o:dashboard, uo:teams" → [{scope:'o', name:'dashboard'}, …]; entries without a colon keep scope ''. */
export function splitScoped(list: string): Array<{ scope: string; name: string }> {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((part) => {
      const i = part.indexOf(':');
      return i < 0 ? { scope: '', name: part } : { scope: part.slice(0, i), name: part.slice(i + 1) };
    });
}

const ORG_SCOPES = new Set(['o', 'uo', 'ou']);

/** Bits of a decimal string, least significant first (BigInt: a mask may exceed 53 bits). */
function bitsOf(decimal: string): number[] | undefined {
  if (!/^\d{1,400}$/.test(decimal)) return undefined;
  let n = BigInt(decimal);
  const bits: number[] = [];
  while (n > 0n) {
    bits.push(Number(n & 1n));
    n >>= 1n;
  }
  return bits;
}

const str = (v: Json | undefined): string | undefined => (typeof v === 'string' ? v : undefined);

export function describeOrg(o: JsonObject, fea: string | undefined): OrgExplanation {
  const problems: string[] = [];
  const r: OrgExplanation = { version: 2, permissions: [], featurePermissions: [], text: '', problems };
  const id = str(o.id);
  const slug = str(o.slg);
  const role = str(o.rol);
  if (id !== undefined) r.id = id;
  if (slug !== undefined) r.slug = slug;
  if (role !== undefined) {
    r.role = role;
    r.roleKey = `org:${role}`;
  }
  // Every entry keeps its place, empty ones too: fpm's bits count positions in o.per, and @clerk/shared grants
  // org:<feature>: for an empty entry as it would for any other.
  if (typeof o.per === 'string') {
    if (o.per !== '') r.permissions = o.per.split(',').map((s) => s.trim());
    const empty = r.permissions.indexOf('');
    if (empty >= 0)
      problems.push(
        l10n.t`o.per has an empty entry (number ${empty + 1}): its place still counts in o.fpm, and it grants a permission with no name.`,
      );
  } else if (o.per !== undefined) problems.push(l10n.t('o.per is not a comma-separated string.'));
  if (typeof o.fpm === 'string' && o.fpm !== '') {
    const orgFeatures =
      fea === undefined
        ? []
        : splitScoped(fea)
            .filter((f) => ORG_SCOPES.has(f.scope))
            .map((f) => f.name);
    const masks = o.fpm.split(',').map((s) => s.trim());
    if (masks.length !== orgFeatures.length) {
      problems.push(
        l10n.t(
          'o.fpm has {0} entries but fea has {1} organization feature(s): they should pair up one to one.',
          masks.length,
          orgFeatures.length,
        ),
      );
    }
    masks.forEach((m, i) => {
      const feature = orgFeatures[i];
      const bits = bitsOf(m);
      if (!bits) {
        problems.push(l10n.t`o.fpm entry ${i + 1} (${JSON.stringify(m.slice(0, 40))}) is not a whole number.`);
        return;
      }
      if (feature === undefined) return;
      if (bits.length > r.permissions.length) {
        problems.push(
          l10n.t`o.fpm entry ${i + 1} (${m}) sets bit ${bits.length - 1}, but o.per lists only ${r.permissions.length} permission(s).`,
        );
      }
      const permissions = r.permissions.filter((_p, b) => bits[b] === 1);
      r.featurePermissions.push({ feature, permissions, keys: permissions.map((p) => `org:${feature}:${p}`) });
    });
  } else if (o.fpm !== undefined && typeof o.fpm !== 'string') problems.push(l10n.t('o.fpm is not a comma-separated string.'));
  const who = `${id ?? l10n.t('an organization')}${slug ? l10n.t` (slug ${slug})` : ''}`;
  const names = (list: string[]) => list.map((p) => p || '""').join(', ');
  const perms = r.featurePermissions.length
    ? l10n.t`; permissions by feature: ${r.featurePermissions.map((f) => `${f.feature} → ${names(f.permissions) || 'none'}`).join('; ')}`
    : r.permissions.length
      ? l10n.t`; permissions: ${names(r.permissions)}`
      : '';
  r.text = l10n.t`Active organization ${who}, role ${role ?? '(none)'}${perms}.`;
  return r;
}

export function describeV1Org(p: JsonObject): OrgExplanation {
  const problems: string[] = [];
  const r: OrgExplanation = { version: 1, permissions: [], featurePermissions: [], text: '', problems };
  const id = str(p.org_id);
  const slug = str(p.org_slug);
  const role = str(p.org_role);
  if (id !== undefined) r.id = id;
  if (slug !== undefined) r.slug = slug;
  if (role !== undefined) {
    r.roleKey = role;
    r.role = role.replace(/^org:/, '');
  }
  const per = p.org_permissions;
  if (Array.isArray(per)) r.permissions = per.filter((x): x is string => typeof x === 'string');
  else if (per !== undefined) problems.push(l10n.t('org_permissions is not an array of strings.'));
  r.text = l10n.t`Active organization ${id ?? '(no id)'}${slug ? ` (slug ${slug})` : ''}, role ${role ?? '(none)'}${r.permissions.length ? `; permissions: ${r.permissions.join(', ')}` : ''}.`;
  return r;
}
