// azp in words: who omits it, and whether a present one is an origin the instance allows. No vscode import.

/** azp in words: who omits it, and whether a present one is an origin the instance allows. */
import * as l10n from '@vscode/l10n';
export function azpNotes(azp: string | undefined, allowed: string[] | null | undefined): string[] {
  if (!azp) {
    return [
      l10n.t`No azp: the token was minted without a browser Origin (through the Backend API, by a server, or by this extension). @clerk/backend accepts it unless the backend sets authorizedParties; then it is refused.`,
    ];
  }
  if (!allowed || allowed.length === 0) return [l10n.t`azp is ${azp}; the instance lists no allowed origins to compare it with.`];
  return allowed.includes(azp)
    ? [l10n.t`azp ${azp} is one of the instance's allowed origins.`]
    : [
        l10n.t`azp ${azp} is not among the instance's allowed origins (${allowed.join(', ')}): a backend whose authorizedParties are those origins refuses it.`,
      ];
}
