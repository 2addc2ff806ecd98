// Reaching the extension under test from inside the extension host.
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../src/ids';
import type { TestApi } from '../../src/extension';
import { ScriptedPrompts } from './scriptedPrompts';

export function extension(): vscode.Extension<TestApi | undefined> {
  const ext = vscode.extensions.getExtension<TestApi | undefined>(EXTENSION_ID);
  if (!ext) throw new Error(`extension ${EXTENSION_ID} is not loaded`);
  return ext;
}

export async function api(): Promise<TestApi> {
  const a = await extension().activate();
  if (!a) throw new Error('the extension returned no test API: is the host in Test mode?');
  return a;
}

/** Give the extension a fresh scripted prompt seam and return it. */
export async function scripted(): Promise<ScriptedPrompts> {
  const a = await api();
  const p = new ScriptedPrompts();
  a.prompts.impl = p;
  return p;
}

export function fakeKey(kind: 'test' | 'live' = 'test'): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(Math.random() * 16).toString(16)).join('');
  return `sk_${kind}_FAKE${hex}`;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until<T>(what: string, fn: () => T | Promise<T>, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** A tree node as the tests see it: any of the extension's node classes. */
export type AnyNode = vscode.TreeItem & { kind: string; [k: string]: any };

/** The tree's children of a node (or its roots), through the extension's real provider. */
export async function treeChildren(a: TestApi, n?: AnyNode): Promise<AnyNode[]> {
  return (await a.tree.getChildren(n as any)) as AnyNode[];
}
