#!/usr/bin/env bash
# npm run l10n: export every vscode.l10n.t / @vscode/l10n t message of src/ into l10n/bundle.l10n.json, then make the
# pseudo-locale (qps-ploc) bundles the tests read: l10n/bundle.l10n.qps-ploc.json and package.nls.qps-ploc.json.
# test/unit/l10n.test.ts fails when these files fall behind the code. @vscode/l10n-dev is fetched by npx (not a
# dependency: it brings a translation service client and tree-sitter that nothing else needs).
set -euo pipefail
cd "$(dirname "$0")/.."
dev=(${L10N_DEV:-npx --yes @vscode/l10n-dev@0.0.35})
"${dev[@]}" export --outDir ./l10n ./src
"${dev[@]}" generate-pseudo --outDir ./l10n ./l10n/bundle.l10n.json
"${dev[@]}" generate-pseudo --outDir . ./package.nls.json
npx prettier --write l10n package.nls.qps-ploc.json > /dev/null
