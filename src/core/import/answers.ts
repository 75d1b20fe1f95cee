// What the user types for the fields a paste did not give (region, user pool,
// app client): validated, applied, and `missing` recomputed. The validators
// are exported for the UI's input boxes (`validateInput` wants a message or
// undefined).

import { missingOf } from './draft';
import { CLIENT_ID, REGION, safe, USER_POOL_ID } from './text';
import type { DraftField, SessionDraft } from './types';

export interface ValidateContext {
  /** The session talks to a Cognito-compatible endpoint, whose "region" may be any short word (cognito-local uses "local"). */
  endpoint?: string;
  /** The region already known, to check a user pool id against. */
  region?: string;
}

export function validateRegion(value: string, context: ValidateContext = {}): string | undefined {
  const v = value.trim();
  if (REGION.test(v)) return undefined;
  if (context.endpoint !== undefined && /^[a-z0-9-]{1,32}$/.test(v)) return undefined;
  return 'Expected an AWS Region such as us-east-1.';
}

export function validateUserPoolId(value: string, context: ValidateContext = {}): string | undefined {
  const v = value.trim();
  const match = USER_POOL_ID.exec(v);
  if (match === null) {
    return 'Expected a user pool id such as us-east-1_AbC123def: the Region, an underscore, then letters and digits.';
  }
  const prefix = match[1] ?? '';
  if (context.endpoint === undefined && !REGION.test(prefix)) {
    return `The part before the underscore ("${safe(prefix, 40)}") is not an AWS Region; user pool ids look like us-east-1_AbC123def.`;
  }
  if (context.endpoint === undefined && context.region !== undefined && REGION.test(context.region) && prefix !== context.region) {
    return `This user pool id belongs to Region ${safe(prefix, 40)}, but the session's Region is ${safe(context.region, 40)}.`;
  }
  return undefined;
}

export function validateClientId(value: string): string | undefined {
  const v = value.trim();
  if (CLIENT_ID.test(v)) return undefined;
  return 'Expected an app client id: 1 to 128 letters, digits, underscores or plus signs (AWS generates 26 lowercase letters and digits).';
}

const FIELD_NAMES: Record<DraftField, string> = { region: 'Region', userPoolId: 'user pool id', clientId: 'app client id' };

/**
 * Apply the user's answers. An answer that fails validation is not applied:
 * the field keeps its value (or stays in `missing`) and `invalid` says why.
 * Empty answers are ignored. Never throws.
 */
export function applyAnswers(
  draft: SessionDraft,
  answers: Partial<Record<'region' | 'userPoolId' | 'clientId', string>>,
): SessionDraft {
  const next: SessionDraft = { ...draft, secrets: { ...draft.secrets }, notes: [...draft.notes], missing: [] };
  delete next.invalid;
  const invalid: Partial<Record<DraftField, string>> = {};
  const answer = (field: DraftField): string | undefined => {
    const raw = (answers as Record<string, unknown> | undefined)?.[field];
    return typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : undefined;
  };
  const set = (field: DraftField, value: string): void => {
    const before = next[field];
    if (before !== undefined && before !== value) {
      next.notes.push(`The ${FIELD_NAMES[field]} was changed from "${safe(before)}" to "${safe(value)}".`);
    }
    next[field] = value;
  };
  const context = (): ValidateContext => ({
    ...(next.endpoint !== undefined ? { endpoint: next.endpoint } : {}),
    ...(next.region !== undefined ? { region: next.region } : {}),
  });

  const region = answer('region');
  if (region !== undefined) {
    const problem = validateRegion(region, context());
    if (problem === undefined) set('region', region);
    else invalid.region = problem;
  }

  const pool = answer('userPoolId');
  if (pool !== undefined) {
    const problem = validateUserPoolId(pool, context());
    if (problem === undefined) {
      set('userPoolId', pool);
      const prefix = USER_POOL_ID.exec(pool)?.[1];
      if (next.region === undefined && prefix !== undefined && (REGION.test(prefix) || next.endpoint !== undefined)) {
        next.region = prefix;
        next.notes.push(`The Region ${safe(prefix)} was taken from the user pool id.`);
      }
    } else {
      invalid.userPoolId = problem;
    }
  }

  const client = answer('clientId');
  if (client !== undefined) {
    const problem = validateClientId(client);
    if (problem === undefined) set('clientId', client);
    else invalid.clientId = problem;
  }

  // The label names the pool once it is known: "jdoe@example.com @ us-east-1_AbC123def".
  if (next.userPoolId !== undefined && draft.userPoolId === undefined) {
    const who = next.label ?? next.username;
    next.label = who === undefined ? next.userPoolId : who.includes(' @ ') ? who : `${who} @ ${next.userPoolId}`;
  }
  next.missing = missingOf(next);
  if (Object.keys(invalid).length > 0) next.invalid = invalid;
  return next;
}
