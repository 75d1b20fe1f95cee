// What a stored last error (the session's `lastError`) should keep so that
// the tree, the status bar, the quick pick, the notification and the
// inspector all show the same catalog entry: the catalog id, and the status
// and code the classification read. Re-explaining from a name and a message
// alone loses both (an HTML 500 is then a bare SyntaxError).

import { classify } from './classify';
import { redactMessage } from './redact';
import type { ErrorInfo } from './types';

export interface StoredErrorFields {
  readonly name: string;
  /** Redacted. */
  readonly message: string;
  readonly catalogId: string;
  readonly httpStatus?: number;
  readonly code?: string;
}

/**
 * The fields of an ErrorInfo worth storing with a last error. `explain` of an
 * object with these fields (plus the operation) gives the same entry as
 * `explain` of the original error; pass `catalogId` from
 * `explanation.id` when the explanation was chosen with attempts.
 */
export function storedErrorFields(info: ErrorInfo, catalogId: string = classify(info)): StoredErrorFields {
  return {
    name: info.name,
    message: redactMessage(info.message ?? ''),
    catalogId,
    ...(info.httpStatus !== undefined ? { httpStatus: info.httpStatus } : {}),
    ...(info.code !== undefined ? { code: info.code } : {}),
  };
}
