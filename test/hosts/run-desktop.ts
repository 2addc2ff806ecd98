// The same integration suite in desktop VS Code, through @vscode/test-electron. It downloads VS Code, so it runs
// on developers' machines, not on the offline CI machines (which use run-integration.ts with code-server).
import { runTests } from '@vscode/test-electron';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './hosts';

(async () => {
  const versions = (process.env.VSCODE_VERSIONS ?? '1.100.3,stable').split(',');
  for (const version of versions) {
    const tmp = mkdtempSync(join(tmpdir(), 'clerk-desktop-'));
    console.log(`\n=== Integration tests in desktop VS Code ${version} ===`);
    await runTests({
      version,
      extensionDevelopmentPath: repoRoot,
      extensionTestsPath: join(repoRoot, 'out', 'test', 'integration', 'index.js'),
      launchArgs: [join(tmp, 'workspace'), '--disable-extensions', '--user-data-dir', join(tmp, 'user-data'), '--disable-workspace-trust'],
      extensionTestsEnv: { CLERK_SESSIONS_TEST: '1', CLERK_TEST_USER_DATA: join(tmp, 'user-data') },
    });
  }
})().catch((e) => {
  console.error('Desktop tests failed:', e instanceof Error ? e.message : e);
  process.exit(1);
});
