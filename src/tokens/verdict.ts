// "Would a backend using @clerk/backend's verifyToken accept this token now?" with every reason, each with a kind, a
// sentence and the TokenVerificationErrorReason @clerk/backend would report for it. Reasons come in the order
// @clerk/backend checks (decode, token category, key by kid, typ, alg, signature, sub, azp, exp, nbf, iat), so the
// first reason's `clerkReason` is the error it returns. Learned by reading @clerk/backend 3.25's verifyToken/verifyJwt:
// it accepts RS256/RS384/RS512 only, `typ` "JWT" or none, a string `sub`, `azp` in authorizedParties when those are
// set (a missing azp fails then), exp/nbf/iat with a clock skew of 5000 ms by default, and ignores `crit`.
// Signatures are checked with jose against the JWKS given (no network). Never throws. No vscode import.
import { errorMessage } from '../util/errors';
import type { Jwk } from './jwk';
import { localTime } from '../util/format';
import { base64urlBytes, decodeToken, isJsonObject, safeJson, utf8, type DecodeResult, type DecodedToken, type JsonObject } from './decode';
import { classify } from './explain';
import { secondsToDateMs, show, tokenRelative } from './words';
import { checkSignature, type SigCheck } from './signature';
import * as l10n from '@vscode/l10n';

export type ReasonKind =
  | 'malformed'
  | 'm2m'
  | 'kid-missing'
  | 'kid-unknown'
  | 'custom-key'
  | 'typ'
  | 'alg'
  | 'alg-key-mismatch'
  | 'signature'
  | 'sub-missing'
  | 'azp-missing'
  | 'azp-mismatch'
  | 'exp-invalid'
  | 'expired'
  | 'nbf-invalid'
  | 'not-yet-valid'
  | 'iat-invalid'
  | 'iat-future';

/** @clerk/backend's TokenVerificationErrorReason values, plus 'exception' where it throws a plain error instead. */
export type ClerkReason =
  | 'token-invalid'
  | 'token-invalid-algorithm'
  | 'jwk-kid-mismatch'
  | 'token-verification-failed'
  | 'token-invalid-signature'
  | 'token-invalid-authorized-parties'
  | 'token-expired'
  | 'token-not-active-yet'
  | 'token-iat-in-the-future'
  | 'exception';

export interface VerdictReason {
  kind: ReasonKind;
  sentence: string;
  clerkReason: ClerkReason;
}

/**
 * valid: the signature matches an instance key. invalid: it does not, or the alg is not one an instance key signs with.
 * unsigned: alg none. custom-key / no-key / unchecked: cannot tell (a template's own key; a kid no key of the JWKS
 * given has; no JWKS). Only 'valid' is ever part of an accepted verdict, an attribution or a live lookup.
 */
export type SignatureState = 'valid' | 'invalid' | 'custom-key' | 'unsigned' | 'no-key' | 'unchecked';

export interface Verdict {
  /** true / false; undefined when it cannot be told offline (no JWKS, or the token is too large to decode). */
  accepted: boolean | undefined;
  sentence: string;
  reasons: VerdictReason[];
  /** What @clerk/backend would report: reasons[0].clerkReason. */
  clerkReason?: ClerkReason;
  signature: { state: SignatureState; sentence: string; kid?: string };
  /** Why the answer is undefined, when it is. */
  unchecked?: string;
  /** Worth knowing, not a failure (a template without sid, no azp, a pending session…). */
  notes: string[];
  decoded?: DecodedToken;
}

export interface JwksLike {
  keys: unknown[];
}

export interface VerdictOptions {
  authorizedParties?: string[];
  /** Default 5000, as @clerk/backend. */
  clockSkewMs?: number;
  now?: number | Date;
  /**
   * How the backend finds its key: 'jwks' (it has the secret key and looks the token's kid up in the instance's JWKS;
   * the default of Clerk's middleware) or 'pem' (it was given the PEM public key as jwtKey: kid is not looked at).
   */
  keySource?: 'jwks' | 'pem';
}

const CLERK_ALGS = ['RS256', 'RS384', 'RS512'];
const M2M_CATEGORY = 'cl_B7d4PD333AAA';

function jwksKeys(jwks: JwksLike | undefined | null): Jwk[] | undefined {
  if (!jwks || typeof jwks !== 'object' || !Array.isArray(jwks.keys)) return undefined;
  return jwks.keys.filter((k): k is Jwk => isJsonObject(k as never) && typeof (k as Jwk).kty === 'string');
}

function when(ms: number, now: number): string {
  return `${localTime(ms)} (${tokenRelative(ms, now)})`;
}

/** The verdict. `input` is the token text or a decode result already made. */
export async function verdict(input: string | DecodeResult, jwks?: JwksLike | null, options: VerdictOptions = {}): Promise<Verdict> {
  try {
    const isResult = typeof input === 'object' && input !== null && typeof input.ok === 'boolean';
    return await judge(isResult ? input : decodeToken(input), jwks, options ?? {});
  } catch (e) {
    const why = errorMessage(e);
    return {
      accepted: undefined,
      sentence: l10n.t`The token could not be checked (${why}).`,
      unchecked: why,
      reasons: [],
      signature: { state: 'unchecked', sentence: l10n.t('Not checked.') },
      notes: [],
    };
  }
}

async function judge(d: DecodeResult, jwks: JwksLike | null | undefined, o: VerdictOptions): Promise<Verdict> {
  const reasons: VerdictReason[] = [];
  const notes: string[] = [];
  const add = (kind: ReasonKind, clerkReason: ClerkReason, sentence: string): void => {
    reasons.push({ kind, clerkReason, sentence });
  };
  const pem = o.keySource === 'pem';
  const skew = typeof o.clockSkewMs === 'number' && Number.isFinite(o.clockSkewMs) ? o.clockSkewMs : 5000;
  const now = o.now === undefined ? Date.now() : typeof o.now === 'number' ? o.now : o.now.getTime();
  let signature: Verdict['signature'] = { state: 'unchecked', sentence: l10n.t('Not checked: no JWKS was given.') };
  let unchecked: string | undefined;
  const keys = jwksKeys(jwks);

  if (!d.ok && (d.kind === 'too-large' || d.kind === 'too-deep')) {
    return finish({ reasons, notes, signature, unchecked: d.sentence }, undefined);
  }
  if (!d.ok && !(d.kind === 'not-object' && (d.part === 'payload' || d.part === 'header'))) {
    add('malformed', 'token-invalid', d.sentence);
    return finish(
      { reasons, notes, signature: { state: 'unchecked', sentence: l10n.t('Not checked: the token does not decode.') } },
      undefined,
    );
  }
  if (!d.ok && d.part === 'header') {
    // @clerk/backend decodes all three parts first, then reads kid / typ / alg from whatever the header turned out to be.
    const others = base64urlBytes(d.parts!.signature).ok && payloadParses(d.parts!.payload);
    const nullHeader = d.sentence.includes('JSON null');
    add(
      'malformed',
      !others ? 'token-invalid' : nullHeader ? 'exception' : pem ? 'token-invalid-algorithm' : 'jwk-kid-mismatch',
      d.sentence,
    );
    return finish(
      { reasons, notes, signature: { state: 'unchecked', sentence: l10n.t('Not checked: the header is not an object.') } },
      undefined,
    );
  }

  const header: JsonObject = d.ok ? d.header : d.header!;
  const payload: JsonObject | undefined = d.ok ? d.payload : undefined;
  const kind = payload ? classify(payload) : 'unknown';
  const alg = header.alg;
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  const algOk = typeof alg === 'string' && CLERK_ALGS.includes(alg);
  // A template with a custom signing key (Supabase: HS256 with its own secret) is the only token whose key Clerk's JWKS
  // cannot hold. A token that carries sid or v (a session token), or an asymmetric alg, is never such a token.
  // An HMAC under a kid of the instance's own keys is key confusion (a forgery), not a custom key either.
  const kidKnown = kid !== undefined && !!keys?.some((k) => k.kid === kid);
  const customAlg =
    typeof alg === 'string' && /^HS(256|384|512)$/.test(alg) && !!payload && !('sid' in payload) && !('v' in payload) && !kidKnown;
  const customSentence = l10n.t`Signed with ${show(alg, 40)}: a key of its own (a JWT template with a custom signing key, e.g. Supabase's JWT secret), not one Clerk's JWKS serves. Only the holder of that key can verify it; @clerk/backend's verifyToken accepts RS256, RS384 and RS512 only.`;

  if (header.cat === M2M_CATEGORY)
    add('m2m', 'token-invalid', l10n.t('This is a machine (M2M) token; verifyToken refuses it as a session token.'));

  // Key by kid.
  let key: Jwk | undefined;
  let kidReason: { kind: ReasonKind; sentence: string } | undefined;
  if (keys) {
    key = kid === undefined ? undefined : keys.find((k) => k.kid === kid);
    if (!key) {
      const known = keys.map((k) => String(k.kid)).join(', ') || 'none';
      if (customAlg) kidReason = { kind: 'custom-key', sentence: customSentence };
      else if (kid === undefined) {
        kidReason = {
          kind: 'kid-missing',
          sentence: l10n.t('The header names no key (kid), so no key of your instances can be chosen: it is not signed by Clerk.'),
        };
      } else {
        kidReason = {
          kind: 'kid-unknown',
          sentence: l10n.t`Not signed by a key of your instances: key ${show(kid, 80)} is not in their JWKS (they have: ${known}). It comes from another instance, or the key was rotated (refresh the instance to read its keys again).`,
        };
      }
      if (!pem) {
        // A kid that names a member of Object.prototype finds that member in @clerk/backend's key cache, not a key.
        const clerk: ClerkReason = kid !== undefined && kid in Object.prototype ? 'token-verification-failed' : 'jwk-kid-mismatch';
        add(kidReason.kind, clerk, kidReason.sentence);
      }
    }
  } else {
    unchecked =
      jwks === undefined || jwks === null
        ? l10n.t('No JWKS was given, so the signature was not checked.')
        : l10n.t('The JWKS given has no usable keys, so the signature was not checked.');
  }

  // typ and alg.
  if (!(header.typ === undefined || header.typ === 'JWT'))
    add('typ', 'token-invalid', l10n.t`The header's typ is ${show(header.typ, 40)}; @clerk/backend accepts only "JWT" (or none).`);
  if (!algOk) {
    if (customAlg) {
      if (!reasons.some((r) => r.kind === 'custom-key')) add('custom-key', 'token-invalid-algorithm', customSentence);
    } else if (alg === 'none')
      add(
        'alg',
        'token-invalid-algorithm',
        l10n.t("The token is unsigned (alg 'none'); @clerk/backend accepts RS256, RS384 and RS512 only."),
      );
    else if (typeof alg === 'string' && /^HS\d+$/.test(alg) && key)
      add(
        'alg',
        'token-invalid-algorithm',
        l10n.t`The header's alg is ${show(alg, 40)} under an instance's kid: an HMAC made with a public key is a forgery. @clerk/backend accepts RS256, RS384 and RS512 only.`,
      );
    else
      add(
        'alg',
        'token-invalid-algorithm',
        l10n.t`The header's alg is ${show(alg, 40)}; @clerk/backend accepts RS256, RS384 and RS512 only.`,
      );
  }

  // Signature.
  if (alg === 'none') signature = { state: 'unsigned', sentence: l10n.t('Unsigned (alg none): not signed by Clerk.') };
  else if (customAlg && !key)
    signature = {
      state: 'custom-key',
      sentence: l10n.t`Cannot tell: signed with ${show(alg, 40)} by a key of its own, which Clerk's JWKS does not hold.`,
    };
  else if (!algOk)
    signature = { state: 'invalid', sentence: l10n.t`Not a signature by Clerk: its alg is ${show(alg, 40)}, and Clerk signs with RS256.` };
  else if (keys && typeof alg === 'string') {
    const candidates = key ? [key] : pem ? keys : [];
    if (candidates.length === 0) {
      // (A custom-key template never gets here: its signature line was set above.)
      signature =
        kid === undefined
          ? { state: 'invalid', sentence: l10n.t('Not a signature by Clerk: the header names no key (kid).') }
          : { state: 'no-key', sentence: l10n.t('Cannot tell: no key of your instances has this kid.') };
    } else {
      const sigInput = d.ok ? d : { parts: d.parts!, token: d.token };
      let first: SigCheck | undefined;
      let good: SigCheck | undefined;
      for (const k of candidates) {
        const r = await checkSignature(sigInput.token, sigInput.parts, alg, k);
        first ??= r;
        if (r.state === 'valid') {
          good = r;
          break;
        }
      }
      const r = good ?? first!;
      signature = { state: r.state === 'valid' ? 'valid' : 'invalid', sentence: r.sentence };
      if (r.kid !== undefined) signature.kid = r.kid;
      if (good && !key)
        notes.push(
          kid === undefined
            ? l10n.t`The token names no kid; a backend that looks keys up by kid (secret key) would reject it.`
            : l10n.t`The kid ${show(kid, 80)} does not name the key that signed it; a backend that looks keys up by kid (secret key) would reject it.`,
        );
      if (!good && algOk) {
        const clerk: ClerkReason = r.state === 'unusable' ? 'token-verification-failed' : 'token-invalid-signature';
        if (!key && kidReason) add(kidReason.kind, clerk, kidReason.sentence);
        else
          add(
            r.state === 'alg-key-mismatch' ? 'alg-key-mismatch' : 'signature',
            r.state === 'alg-key-mismatch' ? 'token-verification-failed' : clerk,
            r.sentence,
          );
      }
    }
  }

  if (!payload) {
    const nullPayload = !d.ok && d.payloadValue === null;
    add('malformed', nullPayload ? 'exception' : 'token-verification-failed', (d as { sentence: string }).sentence);
    return finish({ reasons, notes, signature, unchecked }, d.ok ? d : undefined);
  }
  claimChecks(payload, { add, notes, skew, now, parties: o.authorizedParties, kind });
  if (Array.isArray(header.crit) || header.crit !== undefined) {
    notes.push(l10n.t('The header has crit: @clerk/backend ignores it (a strict RFC 7515 verifier rejects extensions it does not know).'));
  }
  return finish({ reasons, notes, signature, unchecked }, d as DecodedToken);
}

function payloadParses(part: string): boolean {
  const b = base64urlBytes(part);
  return b.ok && safeJson(utf8(b.bytes).text).ok;
}

interface ClaimCtx {
  add: (kind: ReasonKind, clerk: ClerkReason, sentence: string) => void;
  notes: string[];
  skew: number;
  now: number;
  parties: string[] | undefined;
  kind: string;
}

function claimChecks(p: JsonObject, c: ClaimCtx): void {
  const { add, notes, skew, now } = c;
  if (typeof p.sub !== 'string')
    add('sub-missing', 'token-verification-failed', l10n.t`The token's sub is ${show(p.sub, 60)}; @clerk/backend requires a string sub.`);
  const parties = Array.isArray(c.parties) ? c.parties : [];
  const azp = p.azp;
  if (parties.length > 0) {
    if (!azp) {
      add(
        'azp-missing',
        'token-invalid-authorized-parties',
        l10n.t`The token has no azp (minted without a browser Origin, e.g. through the Backend API), and the backend's authorizedParties (${parties.join(', ')}) require one.`,
      );
    } else if (!parties.includes(azp as string)) {
      add(
        'azp-mismatch',
        'token-invalid-authorized-parties',
        l10n.t`The token was made for ${show(azp, 80)}, which is not among the backend's authorizedParties (${parties.join(', ')}).`,
      );
    }
  } else if (!('azp' in p) && c.kind !== 'unknown') {
    notes.push(noAzpNote());
  }
  const skewText = l10n.t`${skew} ms of clock skew`;
  if (typeof p.exp !== 'number')
    add('exp-invalid', 'token-verification-failed', l10n.t`The token's exp is ${show(p.exp, 40)}; @clerk/backend requires a number.`);
  else {
    const ms = secondsToDateMs(p.exp);
    if (!Number.isFinite(ms))
      notes.push(l10n.t`exp ${p.exp} is beyond the dates JavaScript can hold: @clerk/backend treats the token as never expiring.`);
    else if (ms <= now - skew) add('expired', 'token-expired', l10n.t`Expired ${when(ms, now)}; a backend allows ${skewText}.`);
  }
  if (p.nbf !== undefined) {
    if (typeof p.nbf !== 'number')
      add('nbf-invalid', 'token-verification-failed', l10n.t`The token's nbf is ${show(p.nbf, 40)}; @clerk/backend requires a number.`);
    else {
      const ms = secondsToDateMs(p.nbf);
      if (ms > now + skew)
        add('not-yet-valid', 'token-not-active-yet', l10n.t`Not valid before ${when(ms, now)}, even with ${skewText}. Is a clock wrong?`);
    }
  }
  if (p.iat !== undefined) {
    if (typeof p.iat !== 'number')
      add('iat-invalid', 'token-verification-failed', l10n.t`The token's iat is ${show(p.iat, 40)}; @clerk/backend requires a number.`);
    else {
      const ms = secondsToDateMs(p.iat);
      if (ms > now + skew)
        add('iat-future', 'token-iat-in-the-future', l10n.t`Issued in the future: ${when(ms, now)}, beyond ${skewText}. Is a clock wrong?`);
    }
  }
  if (c.kind === 'template' && !('sid' in p)) notes.push(l10n.t('A template token carries no sid: that is expected, not a failure.'));
  if (p.sts === 'pending') {
    notes.push(
      l10n.t`The session is pending: verifyToken accepts the token, but authenticateRequest / auth() treat a pending session as signed out by default (treatPendingAsSignedOut).`,
    );
  }
}

/** Said only of a token that would otherwise be accepted: there, and only there, it changes the outcome. */
/** A function: the words come from the l10n bundle loaded at activation. */
export function noAzpNote(): string {
  return l10n.t(
    'No azp: minted without a browser Origin (e.g. through the Backend API). A backend that sets authorizedParties would reject it.',
  );
}

function finish(v: Omit<Verdict, 'accepted' | 'sentence' | 'decoded'>, decoded: DecodedToken | undefined): Verdict {
  const accepted =
    v.reasons.length > 0 ? false : v.unchecked !== undefined || v.signature.state !== 'valid' ? undefined : (true as boolean | undefined);
  const notes = accepted === true ? v.notes : v.notes.filter((n) => n !== noAzpNote());
  const out: Verdict = { ...v, notes, accepted, sentence: '' };
  if (v.reasons[0]) out.clerkReason = v.reasons[0].clerkReason;
  if (decoded) out.decoded = decoded;
  if (accepted === true) out.sentence = l10n.t("A backend using @clerk/backend's verifyToken would accept this token now.");
  else if (accepted === false) {
    const more =
      v.reasons.length > 2
        ? l10n.t(' (and {0} more reasons)', v.reasons.length - 1)
        : v.reasons.length > 1
          ? l10n.t(' (and 1 more reason)')
          : '';
    out.sentence = l10n.t`A backend using @clerk/backend's verifyToken would reject this token: ${v.reasons[0].sentence}${more}`;
  } else out.sentence = l10n.t`Cannot tell offline whether a backend would accept this token: ${v.unchecked ?? v.signature.sentence}`;
  return out;
}
