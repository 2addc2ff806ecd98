// One set-up for the host suites: the local Clerk-compatible server (one for the whole run), the extension's test API,
// and before each test the same clean start: the server's faults and latency off, the extension pointed at the server
// with exactly its key (no name, no search, the "active" filter), a settled tree, a fresh scripted prompt seam, and an
// empty request log, so that what a test counts is what its own actions sent.
import * as vscode from 'vscode';
import type { TestApi } from '../../src/extension';
import type { InstanceMeta } from '../../src/key/secretKey';
import type { ClerkServer } from '../server/server';
import { api, scripted, settleTree, useOnlyKey } from './ext';
import { localClerk } from './local';
import type { ScriptedPrompts } from './scriptedPrompts';

export interface SuiteStart {
  server: ClerkServer;
  a: TestApi;
}

export interface TestStart extends SuiteStart {
  prompts: ScriptedPrompts;
  /** The instance of the server's key, as stored. */
  instance: InstanceMeta;
}

export interface SuiteSetUp {
  /** Once, before the suite's own `before` hooks: the server and the test API. */
  ready?: (s: SuiteStart) => unknown;
  /** After the server's controls are reset and before the key is set up: put fixture data back as the suite wants it. */
  prepare?: (s: SuiteStart) => unknown;
  /** Before each test, after the clean start (and before the suite's own `beforeEach` hooks). */
  each?: (s: TestStart) => unknown;
  /** Close every editor before each test (documents, reports and panels an earlier test left open). */
  closeEditors?: boolean;
}

/**
 * Registers the suite's `before` and `beforeEach` hooks (call it first in a `describe`, so that they run before the
 * suite's own). Every test starts as the header says; the suite keeps its own variables through `ready` and `each`.
 */
export function localClerkSuite(o: SuiteSetUp): void {
  let start: SuiteStart | undefined;
  before(async () => {
    start = { server: await localClerk(), a: await api() };
    await o.ready?.(start);
  });
  beforeEach(async () => {
    if (!start) throw new Error('the suite set-up did not run');
    const { server, a } = start;
    server.controls.reset();
    await o.prepare?.(start);
    const instance = await useOnlyKey(a, server);
    if (o.closeEditors) await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await settleTree(a); // closing editors or a refresh may have redrawn the view: its reads end here
    const prompts = await scripted();
    server.resetLog();
    await o.each?.({ server, a, prompts, instance });
  });
}
