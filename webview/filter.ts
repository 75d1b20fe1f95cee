// The claims search of the inspector: plain, case-insensitive substring matching over a claim's
// name and its value as shown. No regular expression is ever built from what the user types.

export interface Searchable {
  name: string;
  value: string;
}

/** The query as matched: trimmed, lower-cased ('' matches everything). */
export function normalizeQuery(query: string): string {
  return query.trim().toLowerCase();
}

export function matchesClaim(row: Searchable, query: string): boolean {
  const q = normalizeQuery(query);
  if (q === '') return true;
  return row.name.toLowerCase().includes(q) || row.value.toLowerCase().includes(q);
}

/** "12 claims" without a query; "Matches: 3 of 12 claims" / "No claim matches (of 12)" with one. */
export function claimCountText(rows: readonly Searchable[], query: string): string {
  const total = rows.length;
  const noun = total === 1 ? 'claim' : 'claims';
  if (normalizeQuery(query) === '') return `${total} ${noun}`;
  const n = rows.filter((r) => matchesClaim(r, query)).length;
  if (n === 0) return `No claim matches (of ${total})`;
  return `Matches: ${n} of ${total} ${noun}`;
}
