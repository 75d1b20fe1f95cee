// Request members of the session and admin operations (API Reference shapes).

import { TOKEN_FIELD } from '../request-validation';
import { SESSION_ID_PATTERN } from './tracking';

export const ACCESS_TOKEN_FIELD = TOKEN_FIELD;
/** UserPoolIdType: 1..55, [\w-]+_[0-9a-zA-Z]+. */
export const USER_POOL_ID_FIELD = { kind: 'string', required: true, minLength: 1, maxLength: 55, pattern: /^[\w-]+_[0-9a-zA-Z]+$/, patternText: '[\\w-]+_[0-9a-zA-Z]+' } as const;
/** UsernameType: 1..128, [\p{L}\p{M}\p{S}\p{N}\p{P}]+. */
export const USERNAME_FIELD = { kind: 'string', required: true, minLength: 1, maxLength: 128, pattern: /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u, patternText: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+' } as const;
/** SessionIdType: 28 characters, `tkn` or `sso` and 25 lowercase letters or digits. */
export const SESSION_ID_FIELD = { kind: 'string', required: true, minLength: 28, maxLength: 28, pattern: SESSION_ID_PATTERN, patternText: '(tkn|sso)[a-z0-9]{25}' } as const;
export const NEXT_TOKEN_FIELD = { kind: 'string', minLength: 1 } as const;
export const REVOKE_ASSOCIATED_SESSIONS_FIELD = { kind: 'string', enum: ['NONE', 'LINKED'] } as const;
