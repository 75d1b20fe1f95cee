// The error managed login fails with: an ErrorInfo and the catalog's explanation of it (port in
// use, callback timeout, state mismatch, an OAuth error from the redirect). Apart from
// hostedUi.ts so that the redirect waiter (redirect.ts) can throw it without a cycle.

import { explain, type ErrorInfo, type Explanation } from '../errors';

/** A failure of managed login with its explanation (what a redirect wait rejects with). */
export class HostedUiError extends Error {
  readonly info: ErrorInfo;
  readonly explanation: Explanation;
  constructor(info: ErrorInfo) {
    super(info.message ?? info.name);
    this.name = info.name;
    this.info = info;
    this.explanation = explain(info);
  }
}

export function hostedUiError(catalogId: string, name: string, message: string, extra: Partial<ErrorInfo> = {}): HostedUiError {
  return new HostedUiError({ name, message, catalogId, ...extra });
}

/** The error a cancelled sign-in rejects with (name AbortError). */
export function abortError(): Error {
  const err = new Error('The sign-in was cancelled.');
  err.name = 'AbortError';
  return err;
}
