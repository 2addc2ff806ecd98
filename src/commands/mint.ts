// The one mint of the extension: a session token or a template token, for every command that needs one (Copy Session
// Token, Copy JWT from Template, Verify's "mint a fresh token", `${command:clerk.sessionToken}`, Copy as curl…).
// Clerk's answer is accepted only when it is exactly a compact JWT: it is copied, put in a shell command or handed to a
// task as it is, so nothing around it (quotes, a line break and a command) may pass.
import * as vscode from 'vscode';
import { exactJwt } from '../tokens/compact';
import { decodeToken } from '../tokens/decode';
import { message } from '../util/inert';
import type { ClerkClient } from '../clerk/client';

export interface Minted {
  jwt: string;
  /** Expiry in ms since the epoch, when the token says. */
  exp?: number;
}

export interface MintOptions {
  /** A JWT template's name; without it, the session's default token. */
  template?: string;
  expiresInSeconds?: number;
}

/** POST /sessions/{id}/tokens[/{template}]: the token, or an error that says Clerk's answer was not a JWT. */
export async function mintToken(client: ClerkClient, sessionId: string, opts?: MintOptions): Promise<Minted> {
  const { jwt: answer } = await client.createSessionToken(sessionId, opts);
  const jwt = exactJwt(answer);
  if (!jwt) {
    throw new Error(
      opts?.template
        ? vscode.l10n.t(
            'Clerk returned something that is not a JWT for the "{0}" template; nothing was copied or used.',
            message(opts.template, 60),
          )
        : vscode.l10n.t('Clerk returned something that is not a JWT for the session token; nothing was copied or used.'),
    );
  }
  const dec = decodeToken(jwt);
  const exp = dec.ok ? dec.payload.exp : undefined;
  return typeof exp === 'number' && Number.isFinite(exp) ? { jwt, exp: exp * 1000 } : { jwt };
}
