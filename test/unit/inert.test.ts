// The one module that makes text from outside inert, checked per sink with the hostile strings the server seeds.
import * as assert from 'node:assert/strict';
import { html, label, md, mdCode, mdFence, message, pick, plain } from '../../src/util/inert';
import { renderHtml, renderText, type Report } from '../../src/reports/report';

const COMMAND_LINK = '[Open](command:clerk.removeSecretKey)';
const TERMINAL_LINK = '[Undo revoke](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22rm%22%7D)';
const IMAGE = '![x](https://attacker.invalid/p.png)';
const RAW_HTML = '<img src=x onerror=alert(1)>';
const RLO = 'evil\u202Egnp.exe';
const LONG = 'A'.repeat(500);
const ICON = '$(alert) urgent';

/** What VS Code's notification renderer turns into a link: `[text](target)` with a known scheme. */
const NOTIFICATION_LINK = /\[[^\]]+\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)\2)?\)/i;

describe('inert text', () => {
  it('plain: one line, no controls or direction overrides, bounded, well-formed', () => {
    assert.equal(plain('a\nb\r\nc\td'), 'a b c d');
    assert.equal(plain(RLO), 'evilgnp.exe');
    assert.equal(plain('x\u0000y\u0007z\u009b'), 'xyz');
    assert.equal(plain(LONG, 80).length, 80);
    assert.ok(plain(LONG, 80).endsWith('…'));
    assert.equal(plain('\uD800x'), '\uFFFDx', 'a lone surrogate becomes U+FFFD');
    assert.equal(plain('😀'.repeat(3), 2), '…', 'a cut never leaves half a surrogate pair');
    assert.equal(plain(undefined), '');
    assert.equal(plain(42), '42');
  });

  it('message: no notification link can form, whatever the link', () => {
    for (const s of [COMMAND_LINK, TERMINAL_LINK, IMAGE, `[a] (command:x)`, `[a]\n(command:x)`, `[a](https://x.invalid)`]) {
      const m = message(`Clerk: revoked ${s}'s session`, 400);
      assert.ok(!NOTIFICATION_LINK.test(m), `${JSON.stringify(s)} stayed a link: ${m}`);
      assert.ok(m.includes('Open') || m.includes('Undo') || m.includes('x') || m.includes('a'), 'the text itself still shows');
    }
    assert.ok(!NOTIFICATION_LINK.test(message(`[x](${'command:a'}`)));
  });

  it('label: plain and bounded (tree rows render neither markdown nor icons)', () => {
    assert.equal(label(`${COMMAND_LINK}\n`), COMMAND_LINK);
    assert.equal(label(LONG).length, 80);
    assert.ok(!label(RLO).includes('\u202E'));
  });

  it('pick: $(icon) is escaped where quick picks and the status bar would draw it', () => {
    assert.equal(pick(ICON), '\\$(alert) urgent');
    assert.equal(pick('price $5'), 'price $5');
  });

  it('pick: no link can form either (input prompts, validation messages and progress titles render links)', () => {
    for (const s of [COMMAND_LINK, TERMINAL_LINK, IMAGE, `[a] (command:x)`, `[a]\n(command:x)`, `[a](https://x.invalid)`]) {
      const p = pick(`Clerk: revoking the sessions of ${s}`, 400);
      assert.ok(!NOTIFICATION_LINK.test(p), `${JSON.stringify(s)} stayed a link: ${p}`);
    }
    assert.equal(pick(COMMAND_LINK), '[Open] (command:clerk.removeSecretKey)', 'the text itself still shows');
  });

  it('invisible characters (format characters, tag block, Hangul fillers) are removed from labels, picks and messages', () => {
    const invisible = [
      '\u00AD', // soft hyphen
      '\u034F', // combining grapheme joiner
      '\u115F',
      '\u1160',
      '\u3164',
      '\uFFA0', // Hangul fillers
      '\u180E', // Mongolian vowel separator
      '\u200B',
      '\u200C',
      '\u200D', // zero-width space, non-joiner, joiner
      '\u2060',
      '\u2061',
      '\u2062',
      '\u2063',
      '\u2064', // word joiner, invisible operators
      '\uFEFF', // BOM / zero-width no-break space
      '\u{E0001}',
      '\u{E0020}',
      '\u{E0041}',
      '\u{E007F}', // the tag block
    ];
    for (const c of invisible) {
      const name = `ad${c}a@exam${c}${c}ple.com`;
      const code = c.codePointAt(0)!.toString(16);
      for (const [f, fn] of [
        ['plain', plain],
        ['label', label],
        ['pick', pick],
        ['message', message],
      ] as const) {
        assert.equal(fn(name), 'ada@example.com', `U+${code} survived ${f}`);
      }
      assert.equal(html(name, 200, true), 'ada@example.com', `U+${code} survived html`);
      assert.equal(md(name), 'ada\\@example\\.com', `U+${code} survived md`);
    }
    assert.equal(label('\u3164\u3164'), '', 'a name of fillers only is empty, not blank-looking');
    assert.equal(label('é 😀 日本 Ünïcödé'), 'é 😀 日本 Ünïcödé', 'visible text is kept');
  });

  it('md: no link, image, HTML, autolink, e-mail link, icon or emphasis survives', () => {
    for (const s of [
      COMMAND_LINK,
      IMAGE,
      RAW_HTML,
      'see https://attacker.invalid/x',
      'www.attacker.invalid',
      'ada@example.com',
      ICON,
      '**bold** _it_',
      '# heading',
      '| a | b |',
      '&lt;img&gt;',
    ]) {
      const out = md(s);
      // Every ASCII punctuation mark is escaped, so no construct can open.
      assert.ok(!/(^|[^\\])[!-/:-@[-`{-~]/.test(out.replace(/\\[!-/:-@[-`{-~]/g, '')), `${s} → ${out}`);
      assert.ok(!out.includes('\n'));
    }
    assert.equal(md('a.b'), 'a\\.b');
    assert.equal(md(RLO), 'evilgnp\\.exe');
  });

  it('mdCode: a fence longer than any backtick run; mdFence likewise for blocks', () => {
    assert.equal(mdCode('abc'), '`abc`');
    assert.equal(mdCode('a`b'), '``a`b``');
    assert.equal(mdCode('`x`'), '`` `x` ``');
    const block = mdFence('{"a":"```\\n<img>"}', 'json');
    assert.ok(block.startsWith('````json\n'));
    assert.ok(block.endsWith('\n````'));
  });

  it('html: attribute- and text-safe', () => {
    assert.equal(html(RAW_HTML), '&lt;img src=x onerror=alert(1)&gt;');
    assert.equal(html(`"'\`&`), '&quot;&#39;&#96;&amp;');
    assert.equal(html('a\nb', 100, true), 'a\nb');
    assert.equal(html('a\nb'), 'a b');
  });
});

describe('reports', () => {
  const hostile: Report = {
    title: `Token of ${RAW_HTML}`,
    subtitle: IMAGE,
    verdict: { ok: false, text: COMMAND_LINK, reasons: [RAW_HTML, '<script>alert(1)</script>'] },
    sections: [
      {
        heading: '<h1>x</h1>',
        rows: [{ label: '"><img src=x>', value: `${RAW_HTML} ${IMAGE}`, mark: 'fail' }],
        text: ['</style><script>x</script>'],
        block: `{"name": "${RAW_HTML}"}`,
      },
    ],
    actions: [
      { title: 'Show Session', command: 'clerk.showSession', args: [{ sid: '"><img src=x>' }] },
      { title: 'Remove key', command: 'clerk.removeSecretKey' },
    ],
  };

  it('HTML: every string escaped; no image, script or foreign link; a strict CSP', () => {
    const out = renderHtml(hostile, { nonce: 'N0nce', allowedCommands: ['clerk.showSession'] });
    assert.ok(!/<img|<script|<h1>x|onerror=alert\(1\)>/i.test(out.replace(/&lt;img src=x onerror=alert\(1\)&gt;/g, '')), out);
    assert.ok(!/<img/i.test(out));
    assert.ok(!/<script/i.test(out));
    const links = [...out.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1]);
    assert.equal(links.length, 1, 'only the allowed command is linked');
    assert.ok(links[0].startsWith('command:clerk.showSession?'));
    assert.ok(!out.includes('href="command:clerk.removeSecretKey'));
    assert.match(out, /Content-Security-Policy" content="default-src 'none'; style-src 'nonce-N0nce'; img-src 'none'; script-src 'none'/);
  });

  it('text: one line per value, nothing interpreted', () => {
    const t = renderText(hostile);
    assert.match(t, /✗ \[Open\]\(command:clerk\.removeSecretKey\)/);
    assert.ok(t.includes(RAW_HTML));
  });
});

// Each assertion here kills a mutant StrykerJS left alive in src/util/inert.ts (bench/RESULTS.md, "Survivors in verdict.ts
// and inert.ts"): the edges of the cut, the fences of code spans and blocks, and html()'s own multi-line path.
describe('inert text: the edges mutation testing found untested', () => {
  it('plain: null is empty; a text of exactly max characters is not cut', () => {
    assert.equal(plain(null), '');
    assert.equal(plain('A'.repeat(80), 80), 'A'.repeat(80));
    assert.equal(plain('A'.repeat(81), 80), `${'A'.repeat(79)}…`);
  });

  it('the cut drops a high surrogate at the cut point, and only a high surrogate', () => {
    assert.equal(plain('a😀b', 3), 'a…', 'U+1F600 (a pair) at the cut');
    assert.equal(plain('a\u{10000}b', 3), 'a…', 'U+D800, the first high surrogate');
    assert.equal(plain('a\u{10FC00}b', 3), 'a…', 'U+DBFF, the last high surrogate');
    assert.equal(plain('a\uFF42cd', 3), 'a\uFF42…', 'a BMP character above the surrogates is kept');
  });

  it('mdCode: the fence outgrows the longest backtick run; a backtick at either end, or nothing, gets a space', () => {
    assert.equal(mdCode('a``b'), '```a``b```');
    assert.equal(mdCode('`a'), '`` `a ``');
    assert.equal(mdCode('a`'), '`` a` ``');
    assert.equal(mdCode(''), '`  `', 'an empty span, not two backticks');
  });

  it('mdFence: no language by default, controls, overrides and invisibles removed, a three-backtick fence when none is inside', () => {
    assert.equal(mdFence('{"a":1}'), '```\n{"a":1}\n```');
    assert.equal(mdFence('a\u0007b\u202Ec\u200Bd', 'json'), '```json\nabcd\n```');
  });

  it('html: null and undefined are empty, numbers stringify, on both paths', () => {
    for (const multiline of [false, true]) {
      assert.equal(html(null, 200, multiline), '');
      assert.equal(html(undefined, 200, multiline), '');
      assert.equal(html(42, 200, multiline), '42');
    }
  });

  it('html multi-line: controls, overrides and invisibles removed, line breaks kept, cut at max with an ellipsis', () => {
    assert.equal(html('a\u202Eb\n\u200Bc\u0007d', 200, true), 'ab\ncd');
    assert.equal(html('a\nbcd', 5, true), 'a\nbcd', 'exactly max: not cut');
    assert.equal(html('a\nbcdef', 5, true), 'a\nbc…');
  });
});
