// Mutation scores per folder from Stryker's JSON reports in reports/mutation/ (one per folder, group or file run by run.sh),
// printed and written into bench/RESULTS.md between markers, with the files below their folder's goal.
// Score = (killed + timeout) / (killed + timeout + survived + no coverage), as Stryker counts it; compile errors and
// ignored mutants are left out. Also lists the surviving mutants of the token verdict and the escapers.
import { readFileSync, readdirSync, writeFileSync, existsSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const folders = ['tokens', 'util', 'clerk', 'model', 'reports'];
const goal = { tokens: 85, util: 85, clerk: 75, model: 75, reports: 75 };
const count = (mutants) => {
  const s = { killed: 0, survived: 0, noCoverage: 0 };
  for (const m of mutants) {
    if (m.status === 'Killed' || m.status === 'Timeout') s.killed++;
    else if (m.status === 'Survived') s.survived++;
    else if (m.status === 'NoCoverage') s.noCoverage++;
  }
  s.valid = s.killed + s.survived + s.noCoverage;
  s.score = s.valid ? (100 * s.killed) / s.valid : 0;
  return s;
};
const pct = (x) => `${x.toFixed(1)} %`;
// Every report in reports/mutation/ counts (a folder's, a group's, a single file's): for each source file the newest
// report that holds it wins, so a file run alone after new tests replaces its rows in its folder's score.
const dir = 'reports/mutation';
const newest = new Map(); // src path -> { mutants, when }
for (const name of existsSync(dir) ? readdirSync(dir) : []) {
  if (!name.endsWith('.json') || name.endsWith('.incremental.json')) continue;
  const file = `${dir}/${name}`;
  const when = statSync(file).mtimeMs;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  for (const [path, f] of Object.entries(report.files ?? {})) {
    const key = path.replace(/\\/g, '/').replace(/^.*?(?=src\/)/, '');
    if (!(newest.get(key)?.when >= when)) newest.set(key, { mutants: f.mutants, when });
  }
}
const stamp = (ms) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
const rows = [];
const weak = [];
const watched = [];
const missing = [];
for (const folder of folders) {
  const files = [...newest.entries()].filter(([path]) => path.startsWith(`src/${folder}/`)).sort(([a], [b]) => a.localeCompare(b));
  if (!files.length) continue;
  const unmeasured = readdirSync(`src/${folder}`)
    .filter((n) => n.endsWith('.ts') && !newest.has(`src/${folder}/${n}`))
    .map((n) => `\`${folder}/${n}\``);
  missing.push(...unmeasured);
  const s = count(files.flatMap(([, f]) => f.mutants));
  const times = files.map(([, f]) => f.when);
  const [first, last] = [Math.min(...times), Math.max(...times)];
  const when = first === last || stamp(first) === stamp(last) ? stamp(last) : `${stamp(first)} – ${stamp(last).slice(11)}`;
  rows.push(
    `| \`src/${folder}\` | ${s.valid} | ${s.killed} | ${s.survived} | ${s.noCoverage} | ${pct(s.score)} | ≥ ${goal[folder]} % | ${when} UTC |`,
  );
  for (const [path, f] of files) {
    const fs = count(f.mutants);
    if (fs.valid && fs.score < goal[folder])
      weak.push(`\`${path.replace(/^src\//, '')}\` ${pct(fs.score)} (${fs.survived + fs.noCoverage} of ${fs.valid} left)`);
    if (/src\/tokens\/verdict\.ts|src\/util\/inert\.ts/.test(path)) {
      for (const m of f.mutants.filter((m) => m.status === 'Survived' || m.status === 'NoCoverage')) {
        watched.push(
          `${path}:${m.location.start.line} ${m.mutatorName} ${m.status}${m.replacement ? `: ${m.replacement.slice(0, 60)}` : ''}`,
        );
      }
    }
  }
}
let commit = '';
try {
  commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
} catch {
  /* not a git checkout */
}
const table = [
  `Mutation testing (StrykerJS 9.6 with the mocha runner, \`npm run mutate\`${commit ? `, table made on ${commit}` : ''}): killed = killed or`,
  'timed out. The unit tests only: the host tests, which also read the hover and the reports, cannot run under Stryker.',
  '',
  '| folder | mutants | killed | survived | no coverage | score | goal | measured |',
  '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ...rows,
  '',
  weak.length ? `Files below their folder's goal: ${weak.join(', ')}.` : "No file below its folder's goal.",
  ...(missing.length
    ? ['', `In no report (Stryker leaves out a file with nothing to mutate, such as types only): ${missing.join(', ')}.`]
    : []),
].join('\n');
console.log(table);
if (watched.length) console.log(`\nSurvivors in the token verdict and the escapers (${watched.length}):\n${watched.join('\n')}`);
const results = 'bench/RESULTS.md';
if (rows.length && existsSync(results)) {
  const start = '<!-- mutate:start -->';
  const end = '<!-- mutate:end -->';
  const text = readFileSync(results, 'utf8');
  const block = `${start}\n${table}\n${end}`;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  writeFileSync(
    results,
    i >= 0 && j > i ? text.slice(0, i) + block + text.slice(j + end.length) : `${text.trimEnd()}\n\n## Mutation testing\n\n${block}\n`,
  );
}
