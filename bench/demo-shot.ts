// The README screenshot: runs the demo's pieces (test/hosts/demo.ts), opens the workbench in headless Chromium,
// opens the Clerk view, uses the key the welcome view found (CLERK_SECRET_KEY), expands the instance and the first
// user with sessions, and saves test/ui/screenshots/demo.png (git-ignored; media/ changes only through npm run screenshots).
// Run: npm run package && npm run build:tests && node out/bench/demo-shot.js [--out path.png]
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser } from '../test/hosts/browser';
import { repoRoot, startDemo } from '../test/hosts/demo';
import { openClerkView, widenSideBar } from '../test/ui/workbench';

const outArg = process.argv.indexOf('--out');
const outFile = outArg > 0 ? process.argv[outArg + 1] : join(repoRoot, 'test', 'ui', 'screenshots', 'demo.png');

const rows = (page: Page, level: number) => page.locator(`.pane-body .monaco-list-row[role="treeitem"][aria-level="${level}"]`);

async function main(): Promise<void> {
  const demo = await startDemo();
  const browser = await launchBrowser();
  try {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.setViewportSize({ width: 1280, height: 760 });
    await page.goto(demo.url);
    const pane = await openClerkView(page);
    const welcome = pane.locator('.welcome-view-content');
    await welcome.waitFor({ timeout: 60_000 });
    const useFound = welcome.getByRole('button', { name: 'Use Found Key' });
    if (await useFound.isVisible({ timeout: 15_000 }).catch(() => false)) {
      await useFound.click();
    } else {
      // No key offered: set it through the welcome button, typing it as a user would.
      await welcome.getByRole('button', { name: 'Set Secret Key' }).click();
      const input = page.locator('.quick-input-widget input').first();
      await input.waitFor({ state: 'visible', timeout: 15_000 });
      await input.fill(demo.server.secretKey);
      await page.keyboard.press('Enter');
    }
    // A confirmation (a quick pick or a notification) may follow the import: accept what is offered.
    const quick = page.locator('.quick-input-widget');
    if (await quick.isVisible({ timeout: 2_000 }).catch(() => false)) await page.keyboard.press('Enter');

    const instance = rows(page, 1).first();
    await instance.waitFor({ timeout: 30_000 });
    if ((await instance.getAttribute('aria-expanded')) !== 'true') await instance.click();
    await rows(page, 2).first().waitFor({ timeout: 30_000 });
    // the first user whose sessions are not empty
    const users = rows(page, 2);
    const n = Math.min(await users.count(), 8);
    for (let i = 0; i < n; i++) {
      const u = users.nth(i);
      if ((await u.getAttribute('aria-expanded')) === null) continue; // Load more, messages
      await u.click();
      await rows(page, 3).first().waitFor({ timeout: 15_000 });
      const text = await rows(page, 3).first().innerText();
      if (!/^No /.test(text.trim())) break;
      await u.click(); // collapse an empty one again
    }
    await widenSideBar(page, 280);
    await page.waitForTimeout(500);
    mkdirSync(dirname(outFile), { recursive: true });
    await page.screenshot({ path: outFile, animations: 'disabled' });
    console.log(`screenshot ${outFile} (${await rows(page, 2).count()} users, ${await rows(page, 3).count()} sessions shown)`);
  } finally {
    await browser.close();
    await demo.stop();
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(1);
  },
);
