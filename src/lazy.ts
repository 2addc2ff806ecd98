// Loads src/heavy.ts on first use. In the extension's bundle it is the separate file dist/heavy.js, so activation
// parses only what it needs (the esbuild script defines LAZY_HEAVY_FILE); in the tests' bundles it is bundled inline.
// No vscode import.
import type * as Heavy from './heavy';

declare const LAZY_HEAVY_FILE: boolean;

let loaded: typeof Heavy | undefined;

export function heavy(): typeof Heavy {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= (LAZY_HEAVY_FILE ? require('./heavy.js') : require('./heavy')) as typeof Heavy;
  return loaded;
}

/** Whether the heavy part has been loaded yet (the benchmark and the activation test read it). */
export function heavyLoaded(): boolean {
  return loaded !== undefined;
}
