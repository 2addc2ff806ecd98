// Mutation scores per folder from Stryker's JSON report, printed and written into bench/RESULTS.md between markers.
// Score = (killed + timeout) / (killed + timeout + survived + no coverage), as Stryker counts it; compile errors and
// ignored mutants are left out. Also lists the surviving mutants of the token verdict and the escapers.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';

const file = process.argv[2] ?? 'reports/mutation/mutation.json';
const report = JSON.parse(readFileSync(file, 'utf8'));
const byFolder = new Map();
const watched = [];
for (const [path, f] of Object.entries(report.files)) {
  const folder = path.split('/').slice(0, 2).join('/');
  const s = byFolder.get(folder) ?? { killed: 0, survived: 0, noCoverage: 0, timeout: 0, other: 0 };
  for (const m of f.mutants) {
    if (m.status === 'Killed') s.killed++;
    else if (m.status === 'Timeout') s.timeout++;
    else if (m.status === 'Survived') s.survived++;
    else if (m.status === 'NoCoverage') s.noCoverage++;
    else s.other++;
    if ((m.status === 'Survived' || m.status === 'NoCoverage') && /src\/tokens\/verdict\.ts|src\/util\/inert\.ts/.test(path)) {
      watched.push(
        `${path}:${m.location.start.line} ${m.mutatorName} ${m.status}${m.replacement ? `: ${m.replacement.slice(0, 60)}` : ''}`,
      );
    }
  }
  byFolder.set(folder, s);
}
const rows = [...byFolder.entries()].sort().map(([folder, s]) => {
  const valid = s.killed + s.timeout + s.survived + s.noCoverage;
  const score = valid ? (100 * (s.killed + s.timeout)) / valid : 0;
  return `| \`${folder}\` | ${valid} | ${s.killed + s.timeout} | ${s.survived} | ${s.noCoverage} | ${score.toFixed(1)} % |`;
});
const table = [
  `Mutation testing (StrykerJS 9.6, \`npm run mutate\`, ${new Date().toISOString().slice(0, 10)}): killed = killed or timed out.`,
  '',
  '| folder | mutants | killed | survived | no coverage | score |',
  '| --- | --- | --- | --- | --- | --- |',
  ...rows,
].join('\n');
console.log(table);
if (watched.length) console.log(`\nSurvivors in the token verdict and the escapers (${watched.length}):\n${watched.join('\n')}`);
const results = 'bench/RESULTS.md';
if (existsSync(results)) {
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
