// Where the secret key may be sent. No vscode import: unit-tested on Node.
/** Undefined when the URL may carry the key; otherwise why not. */
import * as l10n from '@vscode/l10n';
export function checkApiUrl(raw: string): string | undefined {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return l10n.t`clerk.apiUrl is not a URL: "${raw}".`;
  }
  if (u.protocol === 'https:') return undefined;
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const loopback = host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
  if (u.protocol === 'http:' && loopback) return undefined;
  return l10n.t`clerk.apiUrl must use https (plain http is allowed only for localhost): "${raw}".`;
}
