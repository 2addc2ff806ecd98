// Does a token belong to a session? Its sid must be the session's id, or, for a JWT template token (which carries no
// sid), its sub must be the session's user; the sub must be the session's user in any case. Plain data; no vscode.
import type { DecodedToken } from './decode';
import { classify } from './explain';
import { show } from './words';
import * as l10n from '@vscode/l10n';

export interface MatchCheck {
  name: 'sid' | 'sub';
  pass: boolean;
  detail: string;
}

export function sessionMatch(t: DecodedToken, session: { id: string; user_id: string }): MatchCheck[] {
  const p = t.payload;
  const out: MatchCheck[] = [];
  if (p.sid === undefined && classify(p) === 'template')
    out.push({ name: 'sid', pass: true, detail: l10n.t('Not carried by template tokens (the user is checked by sub instead).') });
  else if (p.sid === session.id) out.push({ name: 'sid', pass: true, detail: l10n.t`The token names session ${session.id}.` });
  else if (p.sid === undefined) out.push({ name: 'sid', pass: false, detail: l10n.t`The token has no sid; expected ${session.id}.` });
  else out.push({ name: 'sid', pass: false, detail: l10n.t`The token names session ${show(p.sid, 80)}, not ${session.id}.` });
  if (p.sub === session.user_id) out.push({ name: 'sub', pass: true, detail: l10n.t`The token names user ${session.user_id}.` });
  else if (p.sub === undefined) out.push({ name: 'sub', pass: false, detail: l10n.t`The token has no sub; expected ${session.user_id}.` });
  else out.push({ name: 'sub', pass: false, detail: l10n.t`The token names user ${show(p.sub, 80)}, not ${session.user_id}.` });
  return out;
}
