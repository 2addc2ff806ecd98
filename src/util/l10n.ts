// The vscode-free core says its sentences through @vscode/l10n's `l10n.t` (English, placeholders filled, when no bundle
// is loaded: unit tests and the local server see English). The extension hands VS Code's bundle for the display
// language to `useL10nBundle` at activation. No vscode import.
//
// @vscode/l10n keeps the bundle in a module variable. The build puts every module in one file only (the seam in
// docs/ARCHITECTURE.md, checked by test/unit/bundles.test.ts), so dist/heavy.js, loaded later, uses the same copy and
// sees the bundle given at activation.
import * as l10n from '@vscode/l10n';

export type L10nBundle = Record<string, string | { message: string; comment: string[] }>;

/** Load the display language's messages (VS Code's `vscode.l10n.bundle`; undefined for English: nothing to load). */
export function useL10nBundle(bundle: L10nBundle | undefined): void {
  if (bundle === undefined) return;
  l10n.config({ contents: bundle });
}
