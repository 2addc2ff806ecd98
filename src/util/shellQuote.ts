// Copy as curl…: a command that is safe to paste into the user's shell. POSIX shells (sh, bash, zsh; also Git Bash and
// WSL on Windows), fish, PowerShell and cmd.exe quote differently; single quotes do not quote at all in cmd.exe, where
// `&`, `|` run and `%VAR%` expands. What a shell cannot quote is refused, never copied. No vscode import.

export type ShellKind = 'posix' | 'fish' | 'powershell' | 'cmd';

/** The shell a pasted command runs in: the terminal's default shell (vscode.env.shell), else the platform's. */
export function shellKind(shellPath: string | undefined, platform: string): ShellKind {
  const base = (shellPath ?? '')
    .trim()
    .split(/[\\/]/)
    .pop()!
    .toLowerCase()
    .replace(/\.exe$/, '');
  if (base === 'pwsh' || base === 'powershell' || base === 'pwsh-preview') return 'powershell';
  if (base === 'cmd') return 'cmd';
  if (base === 'fish') return 'fish';
  if (base === '') return platform === 'win32' ? 'powershell' : 'posix';
  return 'posix';
}

/** A word for a POSIX shell: single-quoted (nothing expands inside), each ' written as '\''. */
export function quotePosix(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** A word for fish: single-quoted, where \ and ' are the only escapes (so both are escaped). */
export function quoteFish(s: string): string {
  return `'${s.replace(/[\\']/g, '\\$&')}'`;
}

/** A word for PowerShell: single-quoted (a verbatim string); each quote, also the typographic ones PowerShell honours, doubled. */
export function quotePowerShell(s: string): string {
  return `'${s.replace(/['\u2018\u2019\u201A\u201B]/g, '$&$&')}'`;
}

/**
 * The characters cmd.exe still acts on inside double quotes: `%` (expands %VAR%), `!` (expands !VAR! under delayed
 * expansion), `"` (ends the quote), and line breaks. Nothing can quote them on a cmd.exe command line.
 */
const CMD_UNQUOTABLE = /[%!"\r\n\u0000-\u001f]/g;

/** A word for cmd.exe: double-quoted (which makes & | < > ^ ( ) plain), or the characters it cannot quote. */
export function quoteCmd(s: string): { word: string } | { refused: string[] } {
  const bad = [...new Set(s.match(CMD_UNQUOTABLE) ?? [])];
  return bad.length ? { refused: bad } : { word: `"${s}"` };
}

/** The characters of `url` that `kind` cannot quote (only cmd.exe has any); empty when the URL can be copied there. */
export function unquotable(kind: ShellKind, url: string): string[] {
  if (kind !== 'cmd') return [];
  const q = quoteCmd(url);
  return 'refused' in q ? q.refused : [];
}

const COMPACT_JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** `curl` with the token as a bearer header for `url`, written for `kind`; or the characters of the URL it cannot quote there. */
export function curlCommand(kind: ShellKind, jwt: string, url: string): { command: string } | { refused: string[] } {
  // The token is only ever a compact JWT (base64url and dots): nothing in it needs quoting in any shell.
  if (!COMPACT_JWT.test(jwt)) throw new Error('not a compact JWT');
  switch (kind) {
    case 'posix':
      return { command: `curl -H "Authorization: Bearer ${jwt}" ${quotePosix(url)}` };
    case 'fish':
      return { command: `curl -H "Authorization: Bearer ${jwt}" ${quoteFish(url)}` };
    case 'powershell':
      // curl.exe: in Windows PowerShell `curl` is an alias of Invoke-WebRequest.
      return { command: `curl.exe -H 'Authorization: Bearer ${jwt}' ${quotePowerShell(url)}` };
    case 'cmd': {
      const q = quoteCmd(url);
      return 'word' in q ? { command: `curl -H "Authorization: Bearer ${jwt}" ${q.word}` } : q;
    }
  }
}
