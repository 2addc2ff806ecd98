// Driving the real workbench in Chromium: open the Clerk view, find tree rows, run context-menu entries.
import type { Page, Locator } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../hosts/hosts';

export const shotsDir = join(repoRoot, 'test', 'ui', 'screenshots');

export async function shot(page: Page, name: string, dir = shotsDir): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, animations: 'disabled' });
  return path;
}

export async function openClerkView(page: Page): Promise<Locator> {
  await page.locator('.monaco-workbench .activitybar').waitFor({ timeout: 90_000 });
  const item = page.locator('.activitybar li.action-item').filter({ has: page.locator('[aria-label^="Clerk"]') }).first();
  await item.waitFor({ timeout: 30_000 });
  // Clicking the active container's icon would close the side bar: click only when it is not showing.
  if (!/\bchecked\b/.test((await item.getAttribute('class')) ?? '')) await item.click();
  const pane = page.locator('.pane').filter({ has: page.locator('.pane-header', { hasText: /Sessions/i }) }).first();
  await pane.waitFor({ timeout: 30_000 });
  return pane;
}

export function row(page: Page, label: string | RegExp): Locator {
  const text = typeof label === 'string' ? new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : label;
  return page.locator('.pane-body .monaco-list-row[role="treeitem"]')
    .filter({ has: page.locator('.label-name', { hasText: text }) }).first();
}

/** Right-click a row, then hover the entry and press Enter: a plain click on a menu entry is sometimes swallowed. */
export async function contextMenu(page: Page, target: Locator, entry: string): Promise<void> {
  await target.click({ button: 'right' });
  const item = page.locator('.context-view .action-item').filter({ hasText: entry }).first();
  await item.waitFor({ timeout: 10_000 });
  await item.hover();
  await page.locator('.context-view .action-item.focused').filter({ hasText: entry }).waitFor({ timeout: 5_000 });
  await page.keyboard.press('Enter');
}

/** Type into the open quick input (input box) and accept. */
export async function typeIntoQuickInput(page: Page, text: string): Promise<void> {
  const input = page.locator('.quick-input-widget input').first();
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(text);
  await page.keyboard.press('Enter');
}
