// The words every surface (hover, Explain Token, Verify) uses for one verdict, so they cannot say different things:
// the title (what the token claims to be, and whether Clerk signed it), the verdict line with its mark, and the
// signature in words. ✓ only for a token the verdict accepts. Plain data, no markdown; no vscode import.
import type { TokenKind } from './explain';
import type { SignatureState, Verdict } from './verdict';
import * as l10n from '@vscode/l10n';

export type VerdictMark = 'pass' | 'fail' | 'unknown';

export const MARK_SIGN: Record<VerdictMark, string> = { pass: '✓', fail: '✗', unknown: '?' };

/** ✓ accepted, ✗ rejected, ? cannot tell. */
export function verdictMark(v: Pick<Verdict, 'accepted'>): VerdictMark {
  return v.accepted === true ? 'pass' : v.accepted === false ? 'fail' : 'unknown';
}

/** One line: the mark, what a backend would do, and the first reason (the one @clerk/backend fails on first). */
export function verdictLine(v: Verdict): string {
  if (v.accepted === true) return l10n.t("✓ A backend using @clerk/backend's verifyToken would accept it now.");
  if (v.accepted === false)
    return l10n.t`✗ A backend using @clerk/backend would reject it: ${v.reasons[0]?.sentence ?? l10n.t('see below.')}`;
  return l10n.t`? Cannot tell: ${v.unchecked ?? v.signature.sentence}`;
}

const signatureStateWords = (): Record<SignatureState, string> => ({
  valid: l10n.t('matches the key'),
  invalid: l10n.t('INVALID: not signed by Clerk'),
  'custom-key': l10n.t("cannot tell: signed with a key of its own (a template's custom signing key)"),
  unsigned: l10n.t('none (alg none): not signed by Clerk'),
  'no-key': l10n.t("cannot tell: its kid is in none of your instances' JWKS"),
  unchecked: l10n.t('not checked: no key of a connected instance is known'),
});

/** The signature in a few words ("matches key ins_1", "INVALID: not signed by Clerk", "cannot tell: …"). */
export function signatureWords(s: Verdict['signature']): string {
  return s.state === 'valid' && s.kid !== undefined ? l10n.t`matches key ${s.kid}` : signatureStateWords()[s.state];
}

/**
 * The Signature row of Explain and Verify: the same words as the hover, then why. A signature that matches is one
 * sentence ("matches key ins_1 (RS256)."), not the words followed by the same thing in a sentence of its own.
 */
export function signatureRow(v: Pick<Verdict, 'signature' | 'decoded'>): string {
  const words = signatureWords(v.signature);
  if (v.signature.state !== 'valid') return `${words}. ${v.signature.sentence}`;
  const alg = v.decoded?.header.alg;
  return typeof alg === 'string' ? `${words} (${alg}).` : `${words}.`;
}

/** Whether the token may be attributed to an instance, offered Show Session, or looked up live: a matching signature. */
export function signedByInstance(v: Pick<Verdict, 'signature'>): boolean {
  return v.signature.state === 'valid';
}

/**
 * The title: what the token is when an instance key signed it; otherwise what it claims to be and that Clerk did not
 * sign it (or that this cannot be told).
 */
export function tokenTitle(kind: TokenKind | undefined, kindText: string, v: Verdict): string {
  const claims = kind === 'session-v2' || kind === 'session-v1' || kind === 'template';
  // One whole sentence per message, so that a translation is never half English.
  switch (v.signature.state) {
    case 'valid':
      return kindText;
    case 'unchecked':
      return l10n.t`${kindText}, signature not checked (no key of a connected instance)`;
    case 'custom-key':
      return l10n.t('JWT signed with a key of its own (a custom signing key), not by Clerk');
    case 'no-key':
      return claims
        ? l10n.t`Claims to be a ${kindText}, not signed by a key of your instances`
        : l10n.t`A ${kindText}, not signed by a key of your instances`;
    case 'unsigned':
      return claims
        ? l10n.t`Claims to be a ${kindText}, unsigned: not signed by Clerk`
        : l10n.t`A ${kindText}, unsigned: not signed by Clerk`;
    case 'invalid':
      return claims ? l10n.t`Claims to be a ${kindText}, not signed by Clerk` : l10n.t`A ${kindText}, not signed by Clerk`;
  }
}
