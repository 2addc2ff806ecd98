// Driving the real workbench in Chromium: open the Clerk view, find tree rows, run context-menu entries.
import type { Page, Locator } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, type Host } from '../hosts/hosts';
import { startCodeServer, type CodeServer, type CodeServerOptions } from '../hosts/codeServer';
import { launchBrowser } from '../hosts/browser';
import { startClerkServer, type ClerkServer, type ClerkServerOptions } from '../server/server';

export const shotsDir = join(repoRoot, 'test', 'ui', 'screenshots');
/** The packaged extension the UI tests install (`npm run package` writes it; VSIX= names another). */
export const VSIX = process.env.VSIX ?? join(repoRoot, 'clerk-sessions.vsix');
/** A JWT's header and payload as text: no report, hover or screenshot may show one. */
export const TOKEN_ON_SCREEN = /eyJ[A-Za-z0-9_-]{20,}\.eyJ/;

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

/**
 * Sets a key as a newcomer does: the Clerk view's welcome content, Set Secret Key, the key typed into the input box;
 * waits until the welcome content has gone and the tree shows its first row.
 */
export async function setKeyFromWelcome(page: Page, key: string): Promise<void> {
  const pane = await openClerkView(page);
  const button = pane.locator('.welcome-view-content').getByRole('button', { name: 'Set Secret Key' });
  await button.waitFor({ timeout: 30_000 });
  await button.click();
  await typeIntoQuickInput(page, key);
  await pane.locator('.welcome-view-content').waitFor({ state: 'detached', timeout: 30_000 });
  await pane.locator('.monaco-list-row[role="treeitem"]').first().waitFor({ timeout: 30_000 });
}

/** A host's screenshot folder (test/ui/screenshots/<host>/) and `shot` saving into it, cropped to `of`. */
export function hostShots(host: Host): { dir: string; shot: (page: Page, name: string, ...of: Locator[]) => Promise<string> } {
  const dir = join(shotsDir, host.name);
  return { dir, shot: (page, name, ...of) => shot(page, name, dir, of) };
}

/**
 * Brings a workspace file to the front and waits until its editor shows `lineText`; returns that line. A file open
 * already (a report opened beside it may be the active tab) comes back by its tab; otherwise Quick Open by absolute
 * path, which finds a file written after the window opened before the file search has indexed it. If the editor still
 * holds what the file said when the workbench first read it, File: Revert File reads it again from disk; after a
 * second miss it saves a screenshot (`failure-open-<name>.png` in `dir`) and fails, naming the active tab.
 */
export async function openFile(page: Page, workspace: string, name: string, lineText: string | RegExp, dir = shotsDir): Promise<Locator> {
  const line = page.locator('.editor-instance .view-line').filter({ hasText: lineText }).first();
  const shows = () =>
    line.waitFor({ timeout: 10_000 }).then(
      () => true,
      () => false,
    );
  const openTab = page.locator('.tabs-container .tab').filter({ hasText: name }).first();
  if ((await openTab.count()) > 0) {
    await openTab.click();
    if (await shows()) return line;
  }
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input').first();
    await input.waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill(join(workspace, name));
    await page.locator('.quick-input-widget .monaco-list-row').filter({ hasText: name }).first().waitFor({ timeout: 20_000 });
    await page.keyboard.press('Enter');
    if (await shows()) return line;
    console.log(`      ${name}: "${String(lineText)}" not shown after Quick Open (attempt ${attempt}): File: Revert File`);
    await runCommand(page, 'File: Revert File');
    if (await shows()) return line;
    if (attempt === 2) {
      mkdirSync(dir, { recursive: true });
      await page.screenshot({ path: join(dir, `failure-open-${name}.png`) });
      const active = await page
        .locator('.tabs-container .tab.active')
        .innerText()
        .catch(() => '?');
      throw new Error(`${name} did not show ${String(lineText)}; the active tab: ${active}`);
    }
  }
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
