// The bench's extension-host suite: VS Code's test runner calls run() inside the real extension host (code-server,
// extensionTestsPath). It activates the extension, and writes what it measured as JSON to $CLERK_BENCH_OUT.
// The bench process counts the requests the local Clerk server saw (its URL is clerk.apiUrl in the user settings).
// With CLERK_BENCH_ACTIONS=1 it then runs the per-action part (actions.ts); with CLERK_BENCH_USERS (the seeded ids,
// JSON) the user figures (users.ts).
import * as vscode from 'vscode';
import { writeFileSync } from 'node:fs';
import { EXTENSION_ID } from '../../src/ids';
import type { TestApi } from '../../src/extension';
import { runActions } from './actions';
import { runUserFigures } from './users';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function run(): Promise<void> {
  const out = process.env.CLERK_BENCH_OUT;
  if (!out) throw new Error('CLERK_BENCH_OUT is not set');
  const result: Record<string, unknown> = {};
  try {
    const ext = vscode.extensions.getExtension<TestApi | undefined>(EXTENSION_ID);
    if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
    result.wasActive = ext.isActive;
    const t0 = performance.now();
    const api = await ext.activate();
    // From the suite's side: loading dist/extension.js (require) plus activate(), as the host does it.
    result.activateCallMs = performance.now() - t0;
    result.activationMs = api?.activationMs;
    result.vscodeVersion = vscode.version;
    // Let work that activate() started without awaiting (reading SecretStorage, context keys) run before counting.
    await sleep(1000);
    result.settledAt = Date.now();
    if (process.env.CLERK_BENCH_ACTIONS === '1') {
      if (!api) throw new Error('no TestApi: the extension host is not in Test mode');
      result.actions = await runActions(api);
    }
    if (process.env.CLERK_BENCH_USERS) {
      if (!api) throw new Error('no TestApi: the extension host is not in Test mode');
      result.users = await runUserFigures(api, JSON.parse(process.env.CLERK_BENCH_USERS) as never);
    }
  } catch (e) {
    result.error = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e);
  }
  writeFileSync(out, JSON.stringify(result));
}
