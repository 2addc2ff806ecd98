#!/usr/bin/env bash
# npm run mutate: StrykerJS over the vscode-free core (not part of npm test), then the scores per folder, printed and
# written into bench/RESULTS.md. MUTATE=src/tokens,src/util (folders or files) narrows it; MUTATE_CONCURRENCY sets the
# number of test runner processes (default 2, this machine's cores).
set -euo pipefail
cd "$(dirname "$0")/../.."
# Stryker runs the tests in a sandbox below .stryker-tmp/: name the spec folder that tests find beside the repo.
export CLERK_BAPI_DIR="${CLERK_BAPI_DIR:-$(cd ../shared/clerk-bapi && pwd)}"
# CPU budgets of the complexity tests (detection, hostile requests) scaled: instrumented code runs several times slower.
export CLERK_CPU_BUDGET_SCALE="${CLERK_CPU_BUDGET_SCALE:-20}"
npx stryker run test/mutate/stryker.config.mjs
node test/mutate/scores.mjs reports/mutation/mutation.json
