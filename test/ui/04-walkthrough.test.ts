// A newcomer's first minutes, in code-server with the packaged VSIX installed: the Clerk view opened as soon as the
// workbench shows never says "There is no data provider registered…" (the welcome content is there from its first
// frame), and the walkthrough (Welcome: Open Walkthrough… → Get Started with Clerk Sessions) shows its six steps, each
// with its image (VS Code sets an SVG step image as the img srcset). Screenshots go to test/ui/screenshots/<host>/ only.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { repoRoot, selectedHosts } from '../hosts/hosts';
import { openClerkView, openWorkbench, runCommand, shot as shotIn, shotsDir, type Workbench } from './workbench';

const vsix = process.env.VSIX ?? join(repoRoot, 'clerk-sessions.vsix');
const nls = JSON.parse(readFileSync(join(repoRoot, 'package.nls.json'), 'utf8')) as Record<string, string>;
const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
  contributes: { walkthroughs: { id: string; steps: { id: string; title: string; media: { image: string } }[] }[] };
};
const walkthrough = manifest.contributes.walkthroughs[0];
const title = (key: string) => nls[key.replace(/^%|%$/g, '')] ?? key;
const NO_PROVIDER = /no data provider registered/i;

for (const host of selectedHosts('all')) {
  const own = join(shotsDir, host.name);
  const shot = (page: Page, name: string) => shotIn(page, name, own);
  describe(`UI in ${host.name}: the Clerk view's first frames and the walkthrough`, function () {
    this.timeout(180_000);
    let ui: Workbench;
    let page: Page;

    before(async () => {
      ui = await openWorkbench(host, vsix);
      ({ page } = ui);
    });
    after(() => ui?.stop());

    it('the Clerk view, opened as soon as the workbench shows, never says there is no data provider', async () => {
      const pane = await openClerkView(page);
      const body = pane.locator('.pane-body');
      // Right after the view opens: what a newcomer sees first.
      await body.waitFor({ timeout: 15_000 });
      console.log(`      screenshot ${await shot(page, 'view-first-frame')}`);
      const seen: string[] = [];
      const until = Date.now() + 8_000;
      let welcome = false;
      while (Date.now() < until) {
        const text = await body.innerText().catch(() => '');
        if (NO_PROVIDER.test(text)) seen.push(text);
        welcome ||= /secret key/i.test(text);
        await page.waitForTimeout(100);
      }
      assert.deepEqual(seen, [], 'the view said there is no data provider');
      assert.ok(welcome, 'the welcome content showed');
      console.log(`      screenshot ${await shot(page, 'view-welcome')}`);
    });

    it('opens the walkthrough: its title, six steps, and each step with its image', async () => {
      await runCommand(page, 'Welcome: Open Walkthrough...');
      const input = page.locator('.quick-input-widget input').first();
      await input.fill(title('%walkthrough.title%'));
      await page
        .locator('.quick-input-widget .monaco-list-row')
        .filter({ hasText: title('%walkthrough.title%') })
        .first()
        .waitFor({ timeout: 15_000 });
      await page.keyboard.press('Enter');
      const container = page.locator('.gettingStartedContainer');
      await container.filter({ hasText: title('%walkthrough.title%') }).waitFor({ timeout: 30_000 });
      const steps = container.locator('.getting-started-step');
      for (const step of walkthrough.steps) {
        await steps
          .filter({ hasText: title(step.title) })
          .first()
          .waitFor({ timeout: 10_000 });
      }
      assert.equal(walkthrough.steps.length, 6);
      for (const [i, step] of walkthrough.steps.entries()) {
        await steps
          .filter({ hasText: title(step.title) })
          .first()
          .click();
        const file = step.media.image.split('/').pop()!;
        const img = container.locator(`.getting-started-media img[srcset*="${file}"]`).first();
        await img.waitFor({ timeout: 15_000 });
        const size = await img.evaluate(async (el: HTMLImageElement) => {
          if (!el.complete) await new Promise((r) => el.addEventListener('load', r, { once: true }));
          return { w: el.naturalWidth, h: el.naturalHeight };
        });
        assert.ok(size.w > 0 && size.h > 0, `the image of step ${step.id} (${file}) did not load`);
        if (i === 0) console.log(`      screenshot ${await shot(page, 'walkthrough')}`);
      }
      console.log(`      screenshot ${await shot(page, 'walkthrough-last-step')}`);
    });
  });
}
