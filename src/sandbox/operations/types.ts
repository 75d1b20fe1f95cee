import type { SandboxState } from '../state';

/**
 * One Cognito operation: takes the parsed JSON request body, returns the JSON
 * response body, or throws CognitoError / SerializationError. Handlers are
 * synchronous, so each call's effects commit atomically.
 */
export type OperationHandler = (body: Record<string, unknown>, state: SandboxState) => Record<string, unknown>;
