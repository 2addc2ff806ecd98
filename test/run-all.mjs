// npm test: typecheck, the formatter's check, unit tests on Node, the integration suite inside both code-server hosts, and the
// Playwright UI tests. Installs the hosts and Chromium first when they are missing (test/hosts/install.sh is idempotent).
import { spawnSync } from 'node:child_process';

const steps = [
  ['Install test hosts (skipped when present)', 'bash', ['test/hosts/install.sh']],
  ['Typecheck', 'npm', ['run', '-s', 'typecheck']],
  ['Format check (Prettier, width 140)', 'npm', ['run', '-s', 'format:check']],
  ['Lint (ESLint, typescript-eslint type-checked rules, no warning)', 'npm', ['run', '-s', 'lint']],
  ['Unit tests (mocha on Node)', 'npm', ['run', '-s', 'test:unit']],
  ['Integration tests (real VS Code extension host, both code-server versions)', 'npm', ['run', '-s', 'test:integration']],
  ['UI tests (Playwright + Chromium against code-server with the VSIX)', 'npm', ['run', '-s', 'test:ui']],
];

const t0 = Date.now();
const summary = [];
let failed = false;
for (const [title, cmd, args] of steps) {
  const t = Date.now();
  console.log(`\n##### ${title}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  const ok = r.status === 0;
  summary.push(`${ok ? 'ok  ' : 'FAIL'} ${title} (${((Date.now() - t) / 1000).toFixed(0)} s)`);
  if (!ok) {
    failed = true;
    break;
  }
}
console.log(`\n##### Summary (${((Date.now() - t0) / 1000).toFixed(0)} s)\n${summary.join('\n')}`);
process.exit(failed ? 1 : 0);
