// Where a draft's refreshes will go, decided by the user, never by the paste. A token's `iss`
// is not verified (anyone can write a token), so a non-AWS issuer only *suggests* an endpoint
// (`draft.suggestedEndpoint`); `chooseEndpoint` turns the user's answer into `draft.endpoint`.
// An AWS issuer needs no question: it maps to the AWS endpoint of its own Region, which the
// SDK derives from the Region alone.

import { awsEndpointOf, missingOf } from './draft';
import { REGION, safe, USER_POOL_ID } from './text';
import type { SessionDraft } from './types';

export type EndpointChoice =
  /** The user confirmed `draft.suggestedEndpoint.url`, shown to them as it is. */
  | { use: 'suggested' }
  /** A URL the user typed or configured (the caller validates it as an http(s) URL). */
  | { use: 'url'; url: string }
  /** The AWS endpoint of the draft's Region. */
  | { use: 'aws' };

/**
 * The draft with its endpoint decided and the suggestion gone. Choosing AWS keeps the Region
 * and user pool only when they are AWS ones (a Region such as us-east-1, a pool id of that
 * Region): cognito-local's "local" goes back to `missing`, so the user is asked. Never throws.
 */
export function chooseEndpoint(draft: SessionDraft, choice: EndpointChoice): SessionDraft {
  const next: SessionDraft = { ...draft, secrets: { ...draft.secrets }, notes: [...draft.notes], missing: [] };
  const suggestion = next.suggestedEndpoint;
  delete next.suggestedEndpoint;
  delete next.endpoint;
  if (choice.use === 'suggested' && suggestion !== undefined) {
    next.endpoint = suggestion.url;
    next.notes.push(`Refreshes go to ${safe(suggestion.url, 200)}, which you confirmed (it was named by ${suggestion.source}).`);
  } else if (choice.use === 'url') {
    next.endpoint = choice.url;
  } else {
    if (suggestion !== undefined) next.notes.push(`The endpoint named by ${suggestion.source} was not used.`);
    if (next.region !== undefined && !REGION.test(next.region)) {
      next.notes.push(`"${safe(next.region, 40)}" is not an AWS Region; enter the Region of the user pool.`);
      delete next.region;
    }
    const prefix = next.userPoolId === undefined ? undefined : USER_POOL_ID.exec(next.userPoolId)?.[1];
    if (next.userPoolId !== undefined && (prefix === undefined || !REGION.test(prefix) || (next.region !== undefined && prefix !== next.region))) {
      next.notes.push(`"${safe(next.userPoolId, 60)}" is not an AWS user pool id of the session's Region; enter the user pool id.`);
      delete next.userPoolId;
    }
  }
  next.missing = missingOf(next);
  return next;
}

/** The URL the draft's first refresh goes to: its endpoint, else the AWS endpoint of its Region (undefined while the Region is unknown). */
export function refreshDestination(draft: Pick<SessionDraft, 'endpoint' | 'region'>): string | undefined {
  if (draft.endpoint !== undefined) return draft.endpoint;
  return draft.region !== undefined && REGION.test(draft.region) ? awsEndpointOf(draft.region) : undefined;
}
