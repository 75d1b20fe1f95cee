// A signature check as a markdown document: one table row per check. Pure: no `vscode` import.
// The report never holds the token; claim values in details are escaped.
import type { VerifyReport } from '../../core/token/index';

const MARK = { pass: '✓ pass', fail: '✗ fail', skip: '– skipped' } as const;

function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/([\\`*_[\]<>#|])/g, '\\$1');
}

export function renderVerifyReport(title: string, report: VerifyReport): string {
  const out = [`## ${cell(title)}: ${report.ok ? 'verified' : 'NOT verified'}`, ''];
  if (report.error) out.push(`> ${cell(report.error.message)}`, '');
  out.push('| Check | Result | Detail |', '| --- | --- | --- |');
  for (const c of report.checks) out.push(`| ${c.name} | ${MARK[c.status]} | ${cell(c.detail)} |`);
  out.push('');
  const facts = [report.alg ? `alg ${cell(report.alg)}` : undefined, report.kid ? `kid ${cell(report.kid)}` : undefined, report.jwksUri ? `keys from ${cell(report.jwksUri)}` : undefined].filter(Boolean);
  if (facts.length) out.push(facts.join(' · '), '');
  return out.join('\n');
}

export function renderVerifyReports(title: string, reports: readonly (readonly [string, VerifyReport])[]): string {
  return [`# ${cell(title)}`, '', ...reports.map(([name, r]) => renderVerifyReport(name, r))].join('\n');
}
