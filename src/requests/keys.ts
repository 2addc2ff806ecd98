// Publishable keys and the cookie suffix, as @clerk/shared 4.x computes them (parsePublishableKey, getCookieSuffix:
// the first 8 characters of the URL-safe base64 of SHA-1 over the whole publishable key). No vscode import.
import { createHash } from 'node:crypto';
import * as l10n from '@vscode/l10n';

export interface PublishableKeyInfo {
  ok: true;
  key: string;
  instanceType: 'production' | 'development';
  /** The Frontend API host, e.g. clean-cat-12.clerk.accounts.dev. */
  frontendApi: string;
}

export type PublishableKeyResult = PublishableKeyInfo | { ok: false; sentence: string };

function atobStrict(s: string): string | undefined {
  // atob accepts base64 with or without padding and refuses other characters, as isomorphicAtob does.
  try {
    return atob(s);
  } catch {
    return undefined;
  }
}

export function parsePublishableKey(key: string | undefined): PublishableKeyResult {
  if (!key)
    return { ok: false, sentence: l10n.t('No publishable key was given: authenticateRequest throws "Publishable key is missing".') };
  if (!key.startsWith('pk_live_') && !key.startsWith('pk_test_'))
    return { ok: false, sentence: l10n.t('The publishable key does not start with pk_test_ or pk_live_: authenticateRequest throws.') };
  const parts = key.split('_');
  const decoded = parts.length === 3 && parts[2] ? atobStrict(parts[2]) : undefined;
  if (decoded === undefined || !decoded.endsWith('$') || decoded.slice(0, -1).includes('$') || !decoded.slice(0, -1).includes('.'))
    return {
      ok: false,
      sentence: l10n.t(
        'The publishable key does not decode to a Frontend API host followed by "$": authenticateRequest throws "Publishable key not valid".',
      ),
    };
  return { ok: true, key, instanceType: key.startsWith('pk_live_') ? 'production' : 'development', frontendApi: decoded.slice(0, -1) };
}

/** The suffix of __session_<suffix>, __client_uat_<suffix> and the other suffixed cookies. */
export function cookieSuffix(publishableKey: string): string {
  return createHash('sha1').update(publishableKey, 'utf8').digest('base64').replace(/\+/g, '-').replace(/\//g, '_').slice(0, 8);
}

/** The publishable key of a Frontend API host (what Clerk's dashboard shows for it). */
export function publishableKeyFor(frontendApi: string, instanceType: 'production' | 'development'): string {
  return `pk_${instanceType === 'production' ? 'live' : 'test'}_${Buffer.from(`${frontendApi}$`).toString('base64').replace(/=+$/, '')}`;
}
