// The vscode-free core says its sentences through @vscode/l10n's `l10n.t` (English, placeholders filled, when no bundle
// is loaded: unit tests and the local server see English). The extension hands VS Code's bundle for the display
// language to `useL10nBundle` at activation. No vscode import.
//
// The two bundles (dist/extension.js and dist/heavy.js, loaded later) may each carry their own copy of @vscode/l10n,
// whose bundle lives in a module variable: the bundle is kept on globalThis as well, and a copy of this module loaded
// after activation (the one in dist/heavy.js) takes it when it is first evaluated.
import * as l10n from '@vscode/l10n';

export type L10nBundle = Record<string, string | { message: string; comment: string[] }>;

const SHARED = Symbol.for('clerk-sessions.l10nBundle');
const shared = globalThis as { [SHARED]?: L10nBundle };

/** Load the display language's messages (VS Code's `vscode.l10n.bundle`; undefined for English: nothing to load). */
export function useL10nBundle(bundle: L10nBundle | undefined): void {
  if (bundle === undefined) return;
  shared[SHARED] = bundle;
  l10n.config({ contents: bundle });
}

const loaded = shared[SHARED];
if (loaded !== undefined) l10n.config({ contents: loaded });
