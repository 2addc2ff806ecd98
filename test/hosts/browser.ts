// Debian's Chromium (or the one CHROMIUM points at) through playwright-core, with a fresh profile.
import { chromium, type BrowserContext } from 'playwright-core';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function chromiumPath(): string {
  const p = process.env.CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(p)) {
    throw new Error(
      `No Chromium at ${p}. On Debian as root, bash test/hosts/install.sh installs it; ` +
        'elsewhere install Chrome or Chromium and set CHROMIUM=/path/to/it.',
    );
  }
  return p;
}

export async function launchBrowser(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'clerk-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  return {
    context,
    close: async () => {
      await context.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
