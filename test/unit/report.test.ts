// The two renderings of a report (src/reports/report.ts), asserted whole: the plain text that "Copy Report" copies and
// tests read, and the HTML of the webview with its content security policy. Marks, verdict signs, sections in order,
// each note said once, the limits of every field, hostile text inert (escaped in the HTML, one line in the text) and
// only the actions the panel allows. The Explain and Verify reports built from real tokens are in explainReport.test.ts
// and verifyReport.test.ts; here the Report is built by hand because it is the input of these functions.
import * as assert from 'node:assert/strict';
import { commandHref, distinctNotes, renderHtml, renderText, utcTooltip, type Report } from '../../src/reports/report';

/** The HTML with the (static) style sheet left out, so the rest can be compared whole. */
const page = (r: Report, allowedCommands: readonly string[] = [], nonce = 'n0nce'): string =>
  renderHtml(r, { nonce, allowedCommands }).replace(/(<style nonce="[^"]*">)[\s\S]*?(<\/style>)/, '$1STYLE$2');
const CSP =
  "default-src 'none'; style-src 'nonce-n0nce'; img-src 'none'; script-src 'none'; font-src 'none'; connect-src 'none'; frame-src 'none'; form-action 'none'";
const doc = (title: string, body: string[]): string => `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style nonce="n0nce">STYLE</style>
<title>${title}</title></head>
<body>
${body.join('\n')}
</body></html>
`;

const FULL: Report = {
  title: 'Token check: ada@example.test · Chrome on macOS',
  subtitle: 'Clerk session token (version 2) · session sess_1',
  verdict: { ok: false, text: 'This token would be refused.', reasons: ['Expired 5 minutes ago.', 'sid: The token names session sess_2.'] },
  sections: [
    {
      heading: 'Session',
      text: ['Expired 5 minutes ago.', 'A note said once.', 'A note said once.'],
      rows: [
        { label: 'Verdict', value: 'rejected', mark: 'fail' },
        { label: 'Signature', value: 'matches key k1 (RS256).', mark: 'pass' },
        { label: 'Age', value: 'older than it should be', mark: 'warn' },
        { label: 'Lifetime', value: '60 s', mark: 'info' },
        { label: 'Session', value: 'sess_1', mono: true, tooltip: '2026-11-30 04:39:10 UTC' },
      ],
    },
    { heading: 'Notes', text: ['A note said once.', 'Another note.'] },
    { heading: 'Decoded', block: '{\n  "sub": "user_1"\n}' },
    { heading: 'Empty' },
  ],
  actions: [
    { title: 'Show Session', command: 'clerk.showSession', args: [{ sessionId: 'sess_1' }] },
    { title: 'Copy Claims', command: 'clerk.copyClaims' },
    { title: 'Not allowed', command: 'workbench.action.terminal.new' },
  ],
};

describe('report: the plain text', () => {
  it('title, subtitle, the verdict with its reasons, then each section: its notes, rows with marks, its block', () => {
    assert.equal(
      renderText(FULL),
      [
        'Token check: ada@example.test · Chrome on macOS',
        'Clerk session token (version 2) · session sess_1',
        '',
        '✗ This token would be refused.',
        '  - Expired 5 minutes ago.',
        '  - sid: The token names session sess_2.',
        '',
        '## Session',
        'A note said once.',
        '✗ Verdict: rejected',
        '✓ Signature: matches key k1 (RS256).',
        '! Age: older than it should be',
        '· Lifetime: 60 s',
        'Session: sess_1',
        '',
        '## Notes',
        'Another note.',
        '',
        '## Decoded',
        '{',
        '  "sub": "user_1"',
        '}',
        '',
        '## Empty',
        '',
      ].join('\n'),
    );
  });

  it('the verdict sign: ✓ when ok (even if also unknown), ? when unknown, ✗ otherwise; no verdict, no subtitle, no line', () => {
    const sign = (verdict: Report['verdict']) => renderText({ title: 'T', verdict, sections: [] });
    assert.equal(sign({ ok: true, text: 'Fine.' }), 'T\n\n✓ Fine.\n');
    assert.equal(sign({ ok: true, unknown: true, text: 'Fine.' }), 'T\n\n✓ Fine.\n');
    assert.equal(sign({ ok: false, unknown: true, text: 'Cannot tell.', reasons: [] }), 'T\n\n? Cannot tell.\n');
    assert.equal(sign({ ok: false, unknown: false, text: 'No.' }), 'T\n\n✗ No.\n');
    assert.equal(sign(undefined), 'T\n');
    assert.equal(renderText({ title: 'T', subtitle: '', sections: [{ heading: 'H', block: '' }] }), 'T\n\n## H\n\n');
  });

  it('hostile text stays on its line: no line breaks, controls or direction overrides; the block is kept as is', () => {
    const r: Report = {
      title: 'Ada\n## Verdict\u202E',
      subtitle: 'sub\r\ntitle',
      verdict: { ok: false, text: 'no\n✓ yes', reasons: ['one\ntwo'] },
      sections: [{ heading: 'H\u0007', text: ['a\nb'], rows: [{ label: 'l\nm', value: 'v\u2028w', mark: 'warn' }], block: 'x\ny' }],
    };
    assert.equal(renderText(r), 'Ada ## Verdict\nsub title\n\n✗ no ✓ yes\n  - one two\n\n## H\na b\n! l m: v w\nx\ny\n');
  });

  it('cuts each field at its limit with an ellipsis, and the block at 200 000 characters', () => {
    const x = (n: number) => 'x'.repeat(n);
    const y = (n: number) => 'y'.repeat(n);
    const r: Report = {
      title: x(300),
      subtitle: x(500),
      verdict: { ok: true, text: x(500), reasons: [y(2000)] },
      sections: [{ heading: x(300), text: [x(2000)], rows: [{ label: x(200), value: x(2000) }], block: x(200_000) }],
    };
    assert.equal(
      renderText(r),
      [x(300), x(500), '', `✓ ${x(500)}`, `  - ${y(2000)}`, '', `## ${x(300)}`, x(2000), `${x(200)}: ${x(2000)}`, x(200_000), ''].join(
        '\n',
      ),
    );
    const over: Report = {
      title: x(301),
      subtitle: x(501),
      verdict: { ok: true, text: x(501), reasons: [y(2001)] },
      sections: [{ heading: x(301), text: [x(2001)], rows: [{ label: x(201), value: x(2001) }], block: x(200_001) }],
    };
    assert.equal(
      renderText(over),
      [
        `${x(299)}…`,
        `${x(499)}…`,
        '',
        `✓ ${x(499)}…`,
        `  - ${y(1999)}…`,
        '',
        `## ${x(299)}…`,
        `${x(1999)}…`,
        `${x(199)}…: ${x(1999)}…`,
        `${x(200_000)}…`,
        '',
      ].join('\n'),
    );
  });
});

describe('report: each note said once', () => {
  it('drops a note already said by the verdict or an earlier section; a section without notes is left as it is', () => {
    const rows = [{ label: 'a', value: 'b' }];
    const r: Report = {
      title: 'T',
      verdict: { ok: false, text: 'No.', reasons: ['R'] },
      sections: [
        { heading: 'A', text: ['R', 'n1', 'n1', 'n2'] },
        { heading: 'B', rows },
        { heading: 'C', text: ['n2', 'n3'] },
      ],
    };
    const d = distinctNotes(r);
    assert.deepEqual(d, {
      title: 'T',
      verdict: { ok: false, text: 'No.', reasons: ['R'] },
      sections: [
        { heading: 'A', text: ['n1', 'n2'] },
        { heading: 'B', rows },
        { heading: 'C', text: ['n3'] },
      ],
    });
    assert.equal(d.sections[1], r.sections[1], 'a section without notes is the same object');
    assert.deepEqual(r.sections[0].text, ['R', 'n1', 'n1', 'n2'], 'the report given is not changed');
    // No verdict: nothing is seen before the first section.
    assert.deepEqual(distinctNotes({ title: 'T', sections: [{ heading: 'A', text: ['R', 'R'] }] }).sections[0].text, ['R']);
  });
});

describe('report: UTC tooltips', () => {
  it('a time in ms as "YYYY-MM-DD hh:mm:ss UTC", milliseconds dropped; nothing for what is not a finite number', () => {
    assert.equal(utcTooltip(Date.UTC(2026, 10, 30, 4, 39, 10, 987)), '2026-11-30 04:39:10 UTC');
    assert.equal(utcTooltip(0), '1970-01-01 00:00:00 UTC');
    for (const v of [undefined, null, NaN, Infinity, -Infinity]) assert.equal(utcTooltip(v), undefined, String(v));
  });
});

describe('report: command links', () => {
  it('a command without arguments, or with none, is its id; arguments travel as URI-encoded JSON', () => {
    assert.equal(commandHref({ title: 't', command: 'clerk.copyClaims' }), 'command:clerk.copyClaims');
    assert.equal(commandHref({ title: 't', command: 'clerk.copyClaims', args: [] }), 'command:clerk.copyClaims');
    assert.equal(
      commandHref({ title: 't', command: 'clerk.showSession', args: [{ id: 'a b&"' }, 2] }),
      'command:clerk.showSession?%5B%7B%22id%22%3A%22a%20b%26%5C%22%22%7D%2C2%5D',
    );
    assert.equal(commandHref({ title: 't', command: 'c', args: ['x'] }), 'command:c?%5B%22x%22%5D');
  });
});

describe('report: the HTML', () => {
  it('the whole page: strict CSP with the nonce, verdict box, allowed actions only, notes once, rows in a table, the block', () => {
    const showHref = `command:clerk.showSession?${encodeURIComponent(JSON.stringify([{ sessionId: 'sess_1' }]))}`;
    assert.equal(
      page(FULL, ['clerk.showSession', 'clerk.copyClaims']),
      doc('Token check: ada@example.test · Chrome on macOS', [
        '<h1>Token check: ada@example.test · Chrome on macOS</h1>',
        '<p class="sub">Clerk session token (version 2) · session sess_1</p>',
        '<div class="verdict bad"><strong>✗ This token would be refused.</strong>',
        '<ul><li>Expired 5 minutes ago.</li><li>sid: The token names session sess_2.</li></ul>',
        '</div>',
        `<p class="actions"><a href="${showHref}">Show Session</a> <a href="command:clerk.copyClaims">Copy Claims</a></p>`,
        '<h2>Session</h2>',
        '<p>A note said once.</p>',
        '<table>',
        '<tr><th>Verdict</th><td class=""><span class="mark fail">✗</span> rejected</td></tr>',
        '<tr><th>Signature</th><td class=""><span class="mark pass">✓</span> matches key k1 (RS256).</td></tr>',
        '<tr><th>Age</th><td class=""><span class="mark warn">!</span> older than it should be</td></tr>',
        '<tr><th>Lifetime</th><td class=""><span class="mark info">·</span> 60 s</td></tr>',
        '<tr><th>Session</th><td class="mono" title="2026-11-30 04:39:10 UTC">sess_1</td></tr>',
        '</table>',
        '<h2>Notes</h2>',
        '<p>Another note.</p>',
        '<h2>Decoded</h2>',
        '<pre>{\n  &quot;sub&quot;: &quot;user_1&quot;\n}</pre>',
        '<h2>Empty</h2>',
      ]),
    );
  });

  it('the verdict box: ok, unknown or bad; no list without reasons; no actions paragraph when none is allowed', () => {
    const box = (verdict: Report['verdict']) => page({ title: 'T', verdict, sections: [], actions: FULL.actions }, ['clerk.other']);
    assert.equal(box({ ok: true, text: 'Fine.' }), doc('T', ['<h1>T</h1>', '<div class="verdict ok"><strong>✓ Fine.</strong>', '</div>']));
    assert.equal(
      box({ ok: false, unknown: true, text: 'Cannot tell.', reasons: [] }),
      doc('T', ['<h1>T</h1>', '<div class="verdict unknown"><strong>? Cannot tell.</strong>', '</div>']),
    );
    assert.equal(
      box({ ok: false, text: 'No.', reasons: ['Why.'] }),
      doc('T', ['<h1>T</h1>', '<div class="verdict bad"><strong>✗ No.</strong>', '<ul><li>Why.</li></ul>', '</div>']),
    );
    // No verdict, an empty subtitle, a section with no rows and no notes: only the heading.
    assert.equal(
      page({ title: 'T', subtitle: '', sections: [{ heading: 'H', rows: [], text: [] }] }, [], 'other'),
      doc('T', ['<h1>T</h1>', '<h2>H</h2>']).replace(/n0nce/g, 'other'),
    );
  });

  it('hostile text is escaped everywhere: title, verdict, actions, headings, notes, labels, values, tooltips and the block', () => {
    const evil = '<img src=x onerror=alert(1)> [x](command:foo) "q" \'a\' `b` &amp;';
    const esc = '&lt;img src=x onerror=alert(1)&gt; [x](command:foo) &quot;q&quot; &#39;a&#39; &#96;b&#96; &amp;amp;';
    const r: Report = {
      title: evil,
      subtitle: evil,
      verdict: { ok: false, text: evil, reasons: [`r ${evil}`] },
      sections: [
        {
          heading: evil,
          text: [`n ${evil}`],
          rows: [{ label: evil, value: evil, tooltip: `"><script>alert(1)</script>` }],
          block: `</pre><script>alert(1)</script>\n${evil}`,
        },
      ],
      actions: [{ title: '<b>Show</b> "it"', command: 'clerk.showSession', args: [`'><script>alert(1)</script>`] }],
    };
    const out = page(r, ['clerk.showSession']);
    assert.equal(
      out,
      doc(esc, [
        `<h1>${esc}</h1>`,
        `<p class="sub">${esc}</p>`,
        `<div class="verdict bad"><strong>✗ ${esc}</strong>`,
        `<ul><li>r ${esc}</li></ul>`,
        '</div>',
        `<p class="actions"><a href="command:clerk.showSession?%5B%22&#39;%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E%22%5D">&lt;b&gt;Show&lt;/b&gt; &quot;it&quot;</a></p>`,
        `<h2>${esc}</h2>`,
        `<p>n ${esc}</p>`,
        '<table>',
        `<tr><th>${esc}</th><td class="" title="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">${esc}</td></tr>`,
        '</table>',
        `<pre>&lt;/pre&gt;&lt;script&gt;alert(1)&lt;/script&gt;\n${esc}</pre>`,
      ]),
    );
    assert.doesNotMatch(out, /<(img|script)/);
  });

  it('cuts each field at its limit, the block at 200 000 characters, line breaks kept only in the block', () => {
    const x = (n: number) => 'x'.repeat(n);
    const y = (n: number) => 'y'.repeat(n);
    const r: Report = {
      title: x(301),
      subtitle: x(501),
      verdict: { ok: true, text: x(501), reasons: [y(2001)] },
      sections: [
        { heading: x(301), text: [x(2001)], rows: [{ label: x(201), value: x(2001), tooltip: x(101) }], block: `a\n${x(200_000)}` },
      ],
      actions: [{ title: x(81), command: 'c' }],
    };
    assert.equal(
      page(r, ['c']),
      doc(`${x(199)}…`, [
        `<h1>${x(299)}…</h1>`,
        `<p class="sub">${x(499)}…</p>`,
        `<div class="verdict ok"><strong>✓ ${x(499)}…</strong>`,
        `<ul><li>${y(1999)}…</li></ul>`,
        '</div>',
        `<p class="actions"><a href="command:c">${x(79)}…</a></p>`,
        `<h2>${x(299)}…</h2>`,
        `<p>${x(1999)}…</p>`,
        '<table>',
        `<tr><th>${x(199)}…</th><td class="" title="${x(99)}…">${x(1999)}…</td></tr>`,
        '</table>',
        `<pre>a\n${x(199_997)}…</pre>`,
      ]),
    );
    const fits: Report = {
      title: x(200),
      sections: [{ heading: 'h', rows: [{ label: x(200), value: x(2000), tooltip: x(100) }], block: x(200_000) }],
      actions: [{ title: x(80), command: 'c', args: [x(90_000)] }],
    };
    assert.equal(
      page(fits, ['c']),
      doc(x(200), [
        `<h1>${x(200)}</h1>`,
        `<p class="actions"><a href="command:c?%5B%22${x(90_000)}%22%5D">${x(80)}</a></p>`,
        '<h2>h</h2>',
        '<table>',
        `<tr><th>${x(200)}</th><td class="" title="${x(100)}">${x(2000)}</td></tr>`,
        '</table>',
        `<pre>${x(200_000)}</pre>`,
      ]),
    );
  });
});
