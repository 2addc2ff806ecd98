// Where things are, from a bundled test (out/test/unit/x.js) or from the repo root.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** The repo root: the nearest folder above this file with package.json and node_modules, else the cwd. */
export function repoRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    if (existsSync(resolve(dir, 'package.json')) && existsSync(resolve(dir, 'node_modules'))) return dir;
    dir = resolve(dir, '..');
  }
  return process.cwd();
}

/** Clerk's OpenAPI specs: $CLERK_BAPI_DIR, or `shared/clerk-bapi` beside the repo (…/main/../shared/clerk-bapi). */
export function specDir(): string {
  return process.env.CLERK_BAPI_DIR ? resolve(process.env.CLERK_BAPI_DIR) : resolve(repoRoot(), '../shared/clerk-bapi');
}

export function specPath(version: '2026-05-12' | '2024-10-01'): string {
  return resolve(specDir(), `${version}.yml`);
}
