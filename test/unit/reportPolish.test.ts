// Report polish (issue 16 §2): each note said once, a local time's UTC in the value's tooltip, hostile text inert there too.
import * as assert from 'node:assert/strict';
import { distinctNotes, renderHtml, renderText, utcTooltip, type Report } from '../../src/reports/report';

describe('Report polish', () => {
  const note = 'No azp: minted without a browser Origin.';
  const r: Report = {
    title: 'Token check: ada@example.com · Chrome on macOS',
    verdict: { ok: false, text: 'Refused.', reasons: ['The token expired.'] },
    sections: [
      { heading: 'Token', text: [note, 'The token expired.'] },
      {
        heading: 'Notes',
        text: [note, 'Another note.'],
        rows: [{ label: 'exp', value: '2026-11-30 05:39:10', tooltip: utcTooltip(Date.UTC(2026, 10, 30, 4, 39, 10)) }],
      },
    ],
  };

  it('says each note once, in the text and in the HTML', () => {
    const text = renderText(r);
    assert.equal(text.split(note).length - 1, 1, text);
    assert.equal(text.split('The token expired.').length - 1, 1, 'a reason is not repeated as a note');
    assert.ok(text.includes('Another note.'));
    const html = renderHtml(r, { nonce: 'n', allowedCommands: [] });
    assert.equal(html.split('No azp').length - 1, 1);
    assert.deepEqual(distinctNotes(r).sections[1].text, ['Another note.']);
  });

  it('puts the UTC time in a tooltip, escaped', () => {
    assert.equal(utcTooltip(Date.UTC(2026, 10, 30, 4, 39, 10)), '2026-11-30 04:39:10 UTC');
    assert.equal(utcTooltip(undefined), undefined);
    const html = renderHtml(r, { nonce: 'n', allowedCommands: [] });
    assert.ok(html.includes('title="2026-11-30 04:39:10 UTC"'), html);
    const hostile = renderHtml(
      { title: 't', sections: [{ heading: 'h', rows: [{ label: 'l', value: 'v', tooltip: '"><script>x</script>' }] }] },
      { nonce: 'n', allowedCommands: [] },
    );
    assert.ok(!hostile.includes('<script>x') && hostile.includes('title="&quot;&gt;&lt;script'), hostile);
  });
});
