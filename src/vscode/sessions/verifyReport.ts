// A signature check as a plain-text document (opened as .txt, read as written: no markdown
// source, no escapes). Pure: no `vscode` import. The report never holds the token; claim values
// in details go through `visible()`, so bidi overrides and zero-width characters show as escapes.
import type { VerifyReport } from '../../core/token/index';
import { visible } from '../../shared/visible';

const MARK = { pass: 'pass', fail: 'FAIL', skip: 'skipped' } as const;

function line(text: string): string {
  return visible(text.replace(/\r?\n/g, ' '));
}

/** The verdict in words: a key set that could not be fetched is not evidence against the token. */
export function verdictOf(report: VerifyReport): string {
  switch (report.status) {
    case 'verified':
      return 'verified';
    case 'failed':
      return 'NOT verified';
    case 'needs-confirmation':
      return `not checked: fetching the key set from ${line(report.jwksUri ?? 'the issuer')} was not confirmed`;
    case 'unchecked':
      if (report.error?.code === 'jwks-unreachable')
        {return `could not check: keys unreachable at ${line(report.jwksUri ?? 'the issuer')}${report.error.cause ? ` (${line(report.error.cause)})` : ''}`;}
      if (report.error?.code === 'encrypted-token') return 'could not check: an encrypted token (only Cognito can read it)';
      return 'could not check the signature';
  }
}

export function renderVerifyReport(title: string, report: VerifyReport): string {
  const head = `${line(title)}: ${verdictOf(report)}`;
  const out = [head, '='.repeat(Math.min(head.length, 100)), ''];
  if (report.error) out.push(line(report.error.message), '');
  const width = Math.max(...report.checks.map((c) => c.name.length), 5);
  for (const c of report.checks) out.push(`  ${c.name.padEnd(width)}  ${MARK[c.status].padEnd(7)}  ${line(c.detail)}`);
  out.push('');
  const facts = [report.alg ? `alg ${line(report.alg)}` : undefined, report.kid ? `kid ${line(report.kid)}` : undefined, report.jwksUri ? `keys from ${line(report.jwksUri)}` : undefined].filter(Boolean);
  if (facts.length) out.push(facts.join(' · '), '');
  return out.join('\n');
}

export function renderVerifyReports(title: string, reports: readonly (readonly [string, VerifyReport])[]): string {
  return [line(title), '', ...reports.map(([name, r]) => renderVerifyReport(name, r))].join('\n');
}
