// StrykerJS over the vscode-free core, run from the repo root by `npm run mutate` (test/mutate/run.sh).
// Stryker instruments src/ with every mutant at once (mutant schemata); the build command bundles the unit tests from
// those sources into out/ as `npm run test:unit` does, and mocha runs them; each mutant runs only the tests that cover it.
// run.sh calls it once per folder with MUTATE=src/tokens (a folder or a file) and MUTATE_NAME=tokens: each folder has its
// own JSON report and its own incremental file, so a later run re-tests only the mutants whose code or tests changed.
const folders = (process.env.MUTATE ?? 'src/tokens,src/util,src/clerk,src/model,src/reports').split(',');
const name = process.env.MUTATE_NAME ?? 'all';
export default {
  testRunner: 'mocha',
  plugins: ['@stryker-mutator/mocha-runner'],
  buildCommand: 'node esbuild.mjs --tests',
  // Left out here: timed unit tests (a 10 MB scan "quickly") would measure the instrumented code, and the conformance
  // suite starts Prism on Clerk's whole spec in each test process (a minute per start on 2 cores) to check requests the
  // client tests check too.
  mochaOptions: {
    spec: ['out/test/unit/**/*.test.js'],
    // server.test.js tests the local Clerk server (a fixture, not the core), with processes and timers a loaded machine stretches.
    ignore: ['out/test/unit/conformance.test.js', 'out/test/unit/server.test.js'],
    config: '.mocharc.json',
    // and the complexity tests ("linear", "adversarial", "1 MB …": 200 KB to 50 MB inputs) that take 10 to 100 times longer instrumented,
    // each run again for every mutant of detect.ts and redact.ts; their answers are checked on small inputs too.
    grep: '^(?!.*(quickly|linear|adversarial|\\d ?[MK]B\\b))',
  },
  mutate: folders.map((f) => (f.endsWith('.ts') ? f : `${f.replace(/\/$/, '')}/**/*.ts`)),
  coverageAnalysis: 'perTest',
  // Static mutants (module-level constants) run every test each: hours on 2 cores for a few percent of the mutants.
  ignoreStatic: process.env.MUTATE_STATIC !== '1',
  concurrency: Number(process.env.MUTATE_CONCURRENCY ?? 2),
  timeoutMS: 10000,
  ignorePatterns: [
    'dist',
    'out',
    'out-*',
    'media',
    'test/hosts/cs-1.100',
    'test/hosts/cs-1.139',
    'test/hosts/node24',
    'test/hosts/.tmp',
    'test/ui/screenshots',
    'bench/.work',
    '*.vsix',
    '/reports',
  ],
  reporters: ['clear-text', 'progress', 'json'],
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  incremental: process.env.MUTATE_FRESH !== '1',
  incrementalFile: `reports/mutation/${name}.incremental.json`,
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
