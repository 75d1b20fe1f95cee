/**
 * Reading what a user pastes into "Add Session": a refresh token, an
 * AuthenticationResult or the AWS CLI / SDK output around it, an OAuth2 token
 * response, an Amplify / amazon-cognito-identity-js localStorage dump, or any
 * text with the tokens in it. Returns a SessionDraft (what could be filled in
 * from the tokens, and what the UI must still ask for) or says what it saw.
 * Plain TypeScript, no VS Code API; never throws, bounded work.
 */
export type { DraftField, DraftSecrets, MissingField, ParseOptions, ParseResult, PasteKind, SessionDraft, SuggestedEndpoint } from './types';
export { MAX_ALTERNATIVES, MAX_PASTE_LENGTH } from './types';
export { parseSessionPaste } from './parse';
export { awsEndpointOf, isStrictAwsIssuer } from './draft';
export { chooseEndpoint, refreshDestination, type EndpointChoice } from './endpoint';
export { applyAnswers, validateClientId, validateRegion, validateUserPoolId, type ValidateContext } from './answers';
