// `npm run screenshots`: refreshes media/ on purpose. Tests never write there: the UI tests save their screenshots,
// cropped to what each shows, in test/ui/screenshots/<host>/ (git-ignored); this copies the ones the extension page
// and the README show from the newest host (or --from <dir>), renders media/icon.png (128×128) from media/icon.svg with Chromium, and shrinks the
// PNGs with pngquant and optipng when they are installed (apt-get install pngquant optipng). Only people refreshing
// the committed images need those tools; packaging and the tests do not.
//   npm run test:ui            # or: CLERK_HOSTS=vscode-1.139 npm run test:ui
//   npm run screenshots        # then look at git diff --stat media/
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const media = join(root, 'media');
const fromArg = process.argv.indexOf('--from');
const from = fromArg > 0 ? resolve(process.argv[fromArg + 1]) : join(root, 'test', 'ui', 'screenshots', 'vscode-1.139');
/** The screenshots docs/extension-readme.md and README.md show. */
const SHOTS = [
  'tree',
  'context-menu',
  'inspect',
  'verify-report',
  'revoke-confirm', // the five above are on the Extensions page too
  'hover-http',
  'explain-report',
  'verify-template-token',
  'hostile-revoke-notification',
  'pending-tooltip',
  'revoke-all-confirm',
  'user-orgs',
  'request-client-uat', // this and the next three: Explain Request (issue 15), test/ui/05-requests.test.ts
  'request-azp-http',
  'request-m2m-verified',
  'request-handshake',
  'search-view', // this and the next: test/ui/06-newcomer-shots
  'status-live',
  'walkthrough', // this and the next: test/ui/04-walkthrough (the next one is narrow enough for the Extensions page)
  'walkthrough-steps',
  'demo-requests-hover', // test/ui/06-newcomer-shots
];
/** `npm run screenshots -- walkthrough status-live`: only these (the others stay as they are); the icon is left alone. */
const only = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--from');
for (const n of only) if (!SHOTS.includes(n)) throw new Error(`${n} is not one of the screenshots: ${SHOTS.join(', ')}`);
const chosen = only.length ? only : SHOTS;

const have = (tool) => spawnSync(tool, ['--version'], { stdio: 'ignore' }).status === 0;
const kb = (f) => `${(statSync(f).size / 1024).toFixed(1)} KB`;
/** A PNG's size in pixels, from its IHDR chunk. */
const pixels = (f) => {
  const b = readFileSync(f);
  return `${b.readUInt32BE(16)}×${b.readUInt32BE(20)}`;
};
/** Wider than this, an image is scaled down in the Extensions page's column (about 520 px in VS Code 1.100). */
const PAGE_WIDTH = 700;

function optimise(file) {
  const before = kb(file);
  if (have('pngquant')) {
    // 256-colour palette; screenshots of the workbench lose nothing visible. Exit 99: quality not reachable, keep as is.
    const r = spawnSync('pngquant', ['--quality', '60-90', '--speed', '1', '--strip', '--force', '--output', file, file]);
    if (r.status !== 0 && r.status !== 99) throw new Error(`pngquant ${file}: ${r.stderr}`);
  }
  if (have('optipng')) {
    const r = spawnSync('optipng', ['-quiet', '-o2', '-strip', 'all', file]);
    if (r.status !== 0) throw new Error(`optipng ${file}: ${r.stderr}`);
  }
  const wide = readFileSync(file).readUInt32BE(16) > PAGE_WIDTH ? ` (wider than ${PAGE_WIDTH} px: crop it where it is taken)` : '';
  console.log(`  ${relative(root, file)}: ${pixels(file)}, ${before} → ${kb(file)}${wide}`);
}

async function renderIcon() {
  const svg = join(media, 'icon.svg');
  const png = join(media, 'icon.png');
  const { chromium } = await import('playwright-core');
  const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) {
    console.log(`  no Chromium at ${executablePath} (set CHROMIUM): media/icon.png left as it is`);
    return;
  }
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 128, height: 128 }, deviceScaleFactor: 1 });
    const data = readFileSync(svg).toString('base64');
    await page.setContent(`<html><body style="margin:0;background:transparent">
      <img src="data:image/svg+xml;base64,${data}" width="128" height="128" style="display:block"></body></html>`);
    await page.locator('img').evaluate((img) => img.decode());
    await page.screenshot({ path: png, omitBackground: true, clip: { x: 0, y: 0, width: 128, height: 128 } });
  } finally {
    await browser.close();
  }
  optimise(png);
}

const missing = chosen.filter((n) => !existsSync(join(from, `${n}.png`)));
if (missing.length) {
  console.error(
    `${relative(root, from) || from} lacks ${missing.map((n) => `${n}.png`).join(', ')}: run the UI test first ` +
      '(CLERK_HOSTS=vscode-1.139 npm run test:ui), or pass --from <dir>.',
  );
  process.exit(1);
}
if (!have('pngquant') && !have('optipng')) {
  console.warn('pngquant and optipng are not installed: the images are copied unoptimised and may not fit the VSIX budget.');
}
console.log(`screenshots from ${relative(root, from)}:`);
for (const n of chosen) {
  const dest = join(media, `${n}.png`);
  copyFileSync(join(from, `${n}.png`), dest);
  optimise(dest);
}
if (!only.length) {
  console.log('icon:');
  await renderIcon();
}
