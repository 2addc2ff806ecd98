// The extension's page in code-server's Extensions view, for the packaged VSIX installed from disk, as a user first
// sees it: the icon, the name and description from package.nls.json, the README with every screenshot loaded, and the
// contributions with resolved titles. Screenshots go to test/ui/screenshots/<host>/ only.
//
// The page renders the README in a webview with no service worker (nothing of the extension's files can load there)
// and `img-src https: data:`; VS Code 1.100 keeps data: and http(s) image sources, 1.139 keeps only http(s) ones. So
// docs/build-readme.mjs links every image at an https URL (CLERK_README_IMAGES_URL, the folder that holds media/). The
// tests have no network: Chromium answers https requests for …/media/<name>.png from this repository's media/, in
// place of that public host (for a development build, https://clerk-sessions.test/, a name that resolves nowhere).
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import type { Frame, Page } from 'playwright-core';
import { repoRoot, selectedHosts } from '../hosts/hosts';
import { startCodeServer, type CodeServer } from '../hosts/codeServer';
import { launchBrowser } from '../hosts/browser';
import { shot, shotsDir, VSIX } from './workbench';

const MAX_VSIX = 400 * 1024;
const MAX_README = 50 * 1024;
const nls = JSON.parse(readFileSync(join(repoRoot, 'package.nls.json'), 'utf8')) as Record<string, string>;
/** The images the user page links, in order, from its source. */
const SOURCE_IMAGES = Array.from(
  readFileSync(join(repoRoot, 'docs', 'extension-readme.md'), 'utf8').matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g),
  (m) => m[1].replace(/^(\.\.\/)+/, ''),
);

/** One file of a zip (the VSIX), read through its central directory. */
function unzipEntry(zip: Buffer, name: string): Buffer | undefined {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a zip');
  let at = zip.readUInt32LE(eocd + 16);
  for (let n = zip.readUInt16LE(eocd + 10); n > 0; n--) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLen = zip.readUInt16LE(at + 28);
    const next = at + 46 + nameLen + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    if (zip.toString('utf8', at + 46, at + 46 + nameLen) === name) {
      const local = zip.readUInt32LE(at + 42);
      const data = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
      const raw = zip.subarray(data, data + size);
      return method === 8 ? inflateRawSync(raw) : raw;
    }
    at = next;
  }
  return undefined;
}

/** The webview frame that holds the rendered README (the details page's webview nests its content in an iframe). */
async function readmeFrame(page: Page, timeout = 30_000): Promise<Frame> {
  const until = Date.now() + timeout;
  for (;;) {
    for (const f of page.frames()) {
      const found = await f
        .evaluate(() => !!document.querySelector('body h1') && document.body.innerText.includes('Connect a Clerk instance'))
        .catch(() => false);
      if (found) return f;
    }
    if (Date.now() > until) throw new Error('no webview frame with the README');
    await page.waitForTimeout(500);
  }
}

interface ImageState {
  alt: string;
  src: string;
  complete: boolean;
  width: number;
  height: number;
  shownWidth: number;
}

for (const host of selectedHosts('all')) {
  describe(`Extension page in ${host.name}: the installed VSIX's details`, function () {
    this.timeout(180_000);
    const own = join(shotsDir, host.name);
    let cs: CodeServer;
    let browser: Awaited<ReturnType<typeof launchBrowser>>;
    let page: Page;
    /** The image files Chromium was asked for, standing in for the public host of media/. */
    const served: string[] = [];

    before(async () => {
      cs = await startCodeServer(host, { vsix: [VSIX] });
      browser = await launchBrowser();
      await browser.context.route(/^https:\/\/[^/]+\/(?:[^?#]*\/)?media\/[\w-]+\.png$/, async (route) => {
        const path = new URL(route.request().url()).pathname.replace(/^.*\/media\//, 'media/');
        const file = join(repoRoot, path);
        served.push(path);
        if (!existsSync(file)) return route.fulfill({ status: 404, body: 'not found' });
        return route.fulfill({ status: 200, contentType: 'image/png', body: readFileSync(file) });
      });
      page = browser.context.pages()[0] ?? (await browser.context.newPage());
      await page.goto(`${cs.base}/?folder=${encodeURIComponent(cs.workspace)}`, { timeout: 120_000 }); // slow on a busy machine
    });
    after(async () => {
      await browser?.close();
      await cs?.stop();
    });

    it(`packages into a VSIX of at most ${MAX_VSIX / 1024} KB, with a readme of at most ${MAX_README / 1024} KB`, () => {
      const size = statSync(VSIX).size;
      assert.ok(size <= MAX_VSIX, `clerk-sessions.vsix is ${(size / 1024).toFixed(1)} KB`);
      const readme = unzipEntry(readFileSync(VSIX), 'extension/readme.md');
      assert.ok(readme, 'the VSIX holds extension/readme.md');
      assert.ok(readme.length <= MAX_README, `its readme is ${(readme.length / 1024).toFixed(1)} KB`);
      assert.match(readme.toString('utf8'), /!\[[^\]]+\]\(https:\/\/[^)]+\/media\/tree\.png\)/, 'its images are https links');
    });

    it('opens the details page with the icon, the name and the description', async () => {
      await page.locator('.monaco-workbench .activitybar').waitFor({ timeout: 90_000 });
      await page.locator('.activitybar li.action-item [aria-label^="Extensions"]').first().click();
      const item = page.locator('.extensions-viewlet .monaco-list-row').filter({ hasText: nls['displayName'] }).first();
      if (!(await item.isVisible({ timeout: 10_000 }).catch(() => false))) {
        await page.locator('.extensions-viewlet .suggest-input-container').click();
        await page.keyboard.type('@installed clerk');
      }
      await item.click({ timeout: 30_000 });
      const header = page.locator('.extension-editor .header');
      await header.locator('.name').filter({ hasText: nls['displayName'] }).waitFor({ timeout: 30_000 });
      assert.equal((await header.locator('.description').innerText()).trim(), nls['description']);
      const icon = header.locator('img.icon');
      await icon.waitFor({ timeout: 15_000 });
      await page.waitForFunction(
        (img) => img instanceof HTMLImageElement && img.complete && img.naturalWidth > 0,
        await icon.elementHandle(),
        { timeout: 15_000 },
      );
      const { w, h } = await icon.evaluate((img: HTMLImageElement) => ({ w: img.naturalWidth, h: img.naturalHeight }));
      assert.deepEqual([w, h], [128, 128], 'the icon is the 128×128 PNG');
    });

    it('shows the README with every screenshot loaded, at a size that reads', async () => {
      const frame = await readmeFrame(page);
      await frame.waitForFunction(() => Array.from(document.images).every((i) => i.complete), undefined, { timeout: 20_000 });
      const editor = page.locator('.extension-editor');
      console.log(`      screenshot ${await shot(page, 'extension-page', own, [editor], 0)}`);
      const first = 'h2 ~ p > img, h2 ~ img';
      await frame.evaluate((sel) => document.querySelector(sel)?.scrollIntoView({ block: 'start' }), first);
      // The shot once the first screenshot is at the top of the page (or the page is scrolled to its end), not after a while.
      await frame.waitForFunction(
        (sel) => {
          const top = document.querySelector(sel)?.getBoundingClientRect().top;
          const end = scrollY + innerHeight >= document.documentElement.scrollHeight - 1;
          return top !== undefined && (Math.abs(top) < 2 || (top >= 0 && end));
        },
        first,
        { timeout: 10_000 },
      );
      console.log(`      screenshot ${await shot(page, 'extension-page-screenshots', own, [editor], 0)}`);
      const images = await frame.evaluate(() =>
        Array.from(document.images).map((i): ImageState => ({
          alt: i.alt,
          src: i.getAttribute('src') ?? '(none)',
          complete: i.complete,
          width: i.naturalWidth,
          height: i.naturalHeight,
          shownWidth: i.getBoundingClientRect().width,
        })),
      );
      assert.deepEqual(
        images.map((i) => i.src.replace(/^https:\/\/[^/]+\/(?:.*\/)?(media\/)/, '$1')),
        SOURCE_IMAGES,
        `every image of docs/extension-readme.md, linked by https (sources: ${images.map((i) => i.src).join(', ')})`,
      );
      for (const img of images) {
        assert.ok(img.alt.length > 20, 'every image has a caption');
        assert.ok(img.complete && img.width > 0 && img.height > 0, `image "${img.alt}" did not load (src ${img.src})`);
        // Cropped to what it shows: shown at (nearly) its own size, not a whole window shrunk to the column.
        assert.ok(img.shownWidth >= img.width * 0.75, `image "${img.alt}" is ${img.width} px wide, shown at ${img.shownWidth} px`);
      }
      assert.deepEqual([...new Set(served)].sort(), [...SOURCE_IMAGES].sort(), 'each image was fetched from its https URL');
      const text = await frame.evaluate(() => document.body.innerText);
      assert.doesNotMatch(text, /npm (ci|test|run)|mocha|benchmark/i, 'the page is for users, not development');
      assert.match(text, /No telemetry/);
    });

    it('lists the contributions with their titles from package.nls.json', async () => {
      await page
        .locator('.extension-editor .navbar .action-label')
        .filter({ hasText: /Features|Feature Contributions/ })
        .first()
        .click();
      const body = page.locator('.extension-editor .body');
      await body.getByText('Commands', { exact: true }).first().click({ timeout: 20_000 });
      await body.getByText(nls['command.importSecretKey.title'], { exact: true }).first().waitFor({ timeout: 20_000 });
      console.log(`      screenshot ${await shot(page, 'extension-page-features', own, [page.locator('.extension-editor')], 0)}`);
      const shown = await body.innerText();
      for (const key of ['command.session.copyJwtFromTemplate.title', 'command.session.verify.title', 'command.showLog.title']) {
        assert.ok(shown.includes(nls[key]), `the Commands table shows "${nls[key]}"`);
      }
      assert.doesNotMatch(shown, /%[\w.]+%/, 'no unresolved %key% placeholder');
    });
  });
}
