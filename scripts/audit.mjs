// `npm audit --omit=dev` with no high or critical finding (issue 8, "Network behaviour"): the
// production dependencies (the AWS SDK's Cognito client and jose, and what they pull in) are
// checked against the registry's advisories. Exit 1 on a high or critical finding; exit 0 with a
// plain "not checked" line when the registry's advisory endpoint cannot be reached (some
// mirrors answer its bulk request with 405), so the stage says what it could not do instead of
// failing the run for the network's sake. `--strict` makes an unreachable endpoint a failure.
import { spawnSync } from 'node:child_process';

const strict = process.argv.includes('--strict');
const r = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8', timeout: 120_000 });
let report;
try {
  report = JSON.parse(r.stdout || '{}');
} catch {
  report = {};
}
const counts = report.metadata?.vulnerabilities;
if (!counts) {
  const why = (report.error?.summary || r.stderr || 'no answer').split('\n').find((l) => l.trim()) ?? 'no answer';
  console.log(`audit: not checked: the registry's advisory endpoint did not answer (${why.trim().slice(0, 160)})`);
  process.exit(strict ? 1 : 0);
}
const bad = (counts.high ?? 0) + (counts.critical ?? 0);
console.log(`audit: production dependencies: ${counts.critical ?? 0} critical, ${counts.high ?? 0} high, ${counts.moderate ?? 0} moderate, ${counts.low ?? 0} low`);
process.exit(bad > 0 ? 1 : 0);
