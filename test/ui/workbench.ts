// Driving the real workbench in Chromium: open the Clerk view, find tree rows, run context-menu entries.
import type { Page, Locator } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, type Host } from '../hosts/hosts';
import { startCodeServer, type CodeServer, type CodeServerOptions } from '../hosts/codeServer';
import { launchBrowser } from '../hosts/browser';
import { startClerkServer, type ClerkServer, type ClerkServerOptions } from '../server/server';

export const shotsDir = join(repoRoot, 'test', 'ui', 'screenshots');

/**
 * Save a screenshot; with `of`, cropped to what those locators show (every element each matches, in any frame), with
 * `pad` pixels around, so that the image reads at the width of a README rather than as a shrunken 1280×800 window.
 */
export async function shot(page: Page, name: string, dir = shotsDir, of: Locator[] = [], pad = 8): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  const boxes = [];
  let statusShown = false;
  for (const l of of) {
    for (const el of await l.all()) {
      if (!(await el.isVisible())) continue;
      boxes.push(await el.boundingBox());
      statusShown ||= await el.evaluate((e) => !!e.closest('.part.statusbar'));
    }
  }
  const shown = boxes.filter((b): b is NonNullable<typeof b> => !!b && b.width > 0 && b.height > 0);
  if (of.length && !shown.length) throw new Error(`screenshot ${name}: nothing to crop to is visible`);
  const view = page.viewportSize() ?? { width: 1280, height: 800 };
  const x = Math.max(0, Math.floor(Math.min(...shown.map((b) => b.x)) - pad));
  const y = Math.max(0, Math.floor(Math.min(...shown.map((b) => b.y)) - pad));
  const right = Math.min(view.width, Math.ceil(Math.max(...shown.map((b) => b.x + b.width)) + pad));
  // Content that runs on below the editor (a long report) stops above the status bar, unless that is what is shown.
  const status = await page.locator('.part.statusbar').boundingBox();
  const floor = status && !statusShown ? status.y : view.height;
  const bottom = Math.min(floor, Math.ceil(Math.max(...shown.map((b) => b.y + b.height)) + pad));
  const clip = shown.length ? { x, y, width: right - x, height: bottom - y } : undefined;
  await page.screenshot({ path, animations: 'disabled', clip });
  return path;
}

/** Opens the Clerk view; `container` and `pane` are its names as shown (another locale's, say). */
export async function openClerkView(page: Page, container = 'Clerk', pane: string | RegExp = /Sessions/i): Promise<Locator> {
  await page.locator('.monaco-workbench .activitybar').waitFor({ timeout: 90_000 });
  const item = page
    .locator('.activitybar li.action-item')
    .filter({ has: page.locator(`[aria-label^="${container}"]`) })
    .first();
  // The view (so its icon) shows once the extension has activated and registered its data provider (package.json:
  // when clerk.viewReady), after VS Code's startup extensions: seconds after the activity bar on a busy machine.
  await item.waitFor({ timeout: 90_000 });
  // Clicking the active container's icon would close the side bar: click only when it is not showing.
  if (!/\bchecked\b/.test((await item.getAttribute('class')) ?? '')) await item.click();
  const found = page
    .locator('.pane')
    .filter({ has: page.locator('.pane-header', { hasText: pane }) })
    .first();
  await found.waitFor({ timeout: 30_000 });
  return found;
}

export function row(page: Page, label: string | RegExp): Locator {
  const text = typeof label === 'string' ? new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : label;
  return page
    .locator('.pane-body .monaco-list-row[role="treeitem"]')
    .filter({ has: page.locator('.label-name', { hasText: text }) })
    .first();
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

/** Drag the side bar's edge so the rows' descriptions (status, last active, city) show. */
export async function widenSideBar(page: Page, by: number): Promise<void> {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box) return;
  const edge = box.x + box.width;
  // The sash beside the side bar's right edge (its exact offset differs between VS Code versions).
  let x = edge - 1;
  let best = Infinity;
  for (const sash of await page.locator('.monaco-sash.vertical').all()) {
    const b = await sash.boundingBox();
    if (!b || b.height < box.height / 2) continue;
    const mid = b.x + b.width / 2;
    if (Math.abs(mid - edge) < best) {
      best = Math.abs(mid - edge);
      x = mid;
    }
  }
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + by, y, { steps: 8 });
  await page.mouse.up();
  await page.mouse.move(1100, 600); // no hover highlight on a row
}

/** The body of the newest webview (our reports): VS Code nests the page in an iframe inside an iframe. */
export function webviewBody(page: Page): Locator {
  return page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame').locator('body');
}

/** Run a command from the Command Palette by its title. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input').first();
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: title }).first().waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
}

export interface Workbench {
  clerk: ClerkServer;
  cs: CodeServer;
  page: Page;
  stop(): Promise<void>;
}

/** A local Clerk server, code-server with the VSIX installed and pointed at it, and Chromium on the workbench page. */
export async function openWorkbench(
  host: Host,
  vsix: string,
  server: ClerkServerOptions = {},
  more: Pick<CodeServerOptions, 'args' | 'beforeStart'> = {},
): Promise<Workbench> {
  const clerk = await startClerkServer({ seed: 3, ...server });
  let cs: CodeServer | undefined;
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined;
  const stop = async () => {
    await browser?.close();
    await cs?.stop();
    await clerk.stop();
  };
  try {
    cs = await startCodeServer(host, { vsix: [vsix], userSettings: { 'clerk.apiUrl': clerk.url }, ...more });
    browser = await launchBrowser();
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: cs.base });
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.goto(`${cs.base}/?folder=${encodeURIComponent(cs.workspace)}`);
    return { clerk, cs, page, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/**
 * Waits until the extension host has done what a command answered a moment ago could still do (a dismissed dialog's
 * command, say): runs Clerk: Refresh and waits for its first request to reach the local server. The host takes the
 * dialog's answer before the next command, so a request the first command sent would be in the server's log by then.
 */
export async function hostCaughtUp(page: Page, clerk: ClerkServer): Promise<void> {
  const n = clerk.requests.length;
  await runCommand(page, 'Clerk: Refresh');
  const until = Date.now() + 20_000;
  while (clerk.requests.length === n) {
    if (Date.now() > until) throw new Error('Clerk: Refresh sent no request within 20 s');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Expands a tree row by its twistie (a click on the row would select it) and waits until it says it is expanded. */
export async function expandRow(page: Page, row: Locator): Promise<void> {
  const expanded = row.and(page.locator('[aria-expanded="true"]'));
  if (!(await expanded.isVisible())) await row.locator('.monaco-tl-twistie').click();
  await expanded.waitFor({ timeout: 15_000 });
}
