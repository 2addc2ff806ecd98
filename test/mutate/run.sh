#!/usr/bin/env bash
# npm run mutate: StrykerJS over the vscode-free core (not part of npm test), one run per folder, then the scores per
# folder, printed and written into bench/RESULTS.md.
#   MUTATE=src/tokens,src/util      folders (or single files) to run; default the five folders of the core
#   MUTATE_CONCURRENCY=1            test runner processes (default 2, this machine's cores)
#   MUTATE_FRESH=1                  forget the incremental results (reports/mutation/*.incremental.json) and test every mutant
# A file given alone gets its own report (reports/mutation/<file>.json); the scores take, for each source file, the newest
# report that holds it, so the file's new figures replace its old ones in its folder's score.
set -euo pipefail
cd "$(dirname "$0")/../.."
# Stryker runs the tests in a sandbox below .stryker-tmp/: name the spec folder that tests find beside the repo.
export CLERK_BAPI_DIR="${CLERK_BAPI_DIR:-$(cd ../shared/clerk-bapi && pwd)}"
# CPU budgets of the complexity tests (detection, hostile requests) scaled: instrumented code runs several times slower.
export CLERK_CPU_BUDGET_SCALE="${CLERK_CPU_BUDGET_SCALE:-20}"
IFS=, read -ra targets <<< "${MUTATE:-src/tokens,src/util,src/clerk,src/model,src/reports}"
for target in "${targets[@]}"; do
  target="${target%/}"
  name="$(echo "${target#src/}" | tr '/.' '--')"
  echo "== $target (reports/mutation/$name.json)"
  MUTATE="$target" MUTATE_NAME="$name" npx stryker run test/mutate/stryker.config.mjs
done
node test/mutate/scores.mjs
