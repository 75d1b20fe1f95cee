// Input validation the way AWS's service framework reports it.
//
// A value of the wrong JSON type fails deserialisation (SerializationException);
// a missing required member or a broken constraint is an
// InvalidParameterException whose message reads
// "1 validation error detected: Value null at 'clientId' failed to satisfy
// constraint: Member must not be null". Members that the model marks sensitive
// (client ids, secrets, tokens: every member checked here) are reported
// without their value.

import { CognitoError } from './errors';

export class SerializationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SerializationException';
  }
}

export type FieldSpec =
  | { kind: 'string'; required?: boolean; minLength?: number; maxLength?: number; pattern?: RegExp; patternText?: string; enum?: readonly string[] }
  | { kind: 'stringMap'; required?: boolean }
  | { kind: 'any' };

/** Member name (as in the request JSON) -> rule. */
export type RequestSpec = Record<string, FieldSpec>;

/** The checked request: required strings are present, optional ones may be undefined. */
export type Validated<S extends RequestSpec> = {
  [K in keyof S]: S[K] extends { kind: 'string'; required: true } ? string
    : S[K] extends { kind: 'string' } ? string | undefined
      : S[K] extends { kind: 'stringMap' } ? Record<string, string> | undefined
        : unknown;
};

/**
 * Checks a request body against `spec`. Unknown members are ignored, as AWS
 * services do. Throws SerializationError or CognitoError('InvalidParameterException').
 */
export function validateRequest<S extends RequestSpec>(body: Record<string, unknown>, spec: S): Validated<S> {
  const violations: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [member, rule] of Object.entries(spec)) {
    const value = body[member];
    const path = member.charAt(0).toLowerCase() + member.slice(1);
    if (rule.kind === 'any') {
      out[member] = value;
      continue;
    }
    if (value === undefined || value === null) {
      if (rule.required) violations.push(`Value null at '${path}' failed to satisfy constraint: Member must not be null`);
      continue;
    }
    if (rule.kind === 'stringMap') {
      out[member] = readStringMap(value, path);
      continue;
    }
    if (typeof value !== 'string') throw new SerializationError(`Expected a string at '${path}'`);
    const constraint = stringViolation(value, rule);
    if (constraint) violations.push(`Value at '${path}' failed to satisfy constraint: ${constraint}`);
    out[member] = value;
  }
  if (violations.length > 0) {
    const count = violations.length === 1 ? '1 validation error detected' : `${violations.length} validation errors detected`;
    throw new CognitoError('InvalidParameterException', `${count}: ${violations.join('; ')}`);
  }
  return out as Validated<S>;
}

/**
 * A map of strings (AuthParametersType, ClientMetadataType). Neither is
 * `@sparse` in the model, and for a non-sparse map the AWS JSON codec drops
 * entries whose value is null instead of failing (the SDK's own codec does the
 * same: `if (sparse || val != null)` in @aws-sdk/core's protocols), so
 * `"DEVICE_KEY": null`, which amazon-cognito-identity-js sends, reads as absent.
 * The copy is built with Object.fromEntries, so a `__proto__` key stays data.
 */
function readStringMap(value: unknown, path: string): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SerializationError(`Expected a map of strings at '${path}'`);
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== null);
  if (entries.some(([, v]) => typeof v !== 'string')) throw new SerializationError(`Expected a map of strings at '${path}'`);
  return Object.fromEntries(entries) as Record<string, string>;
}

function stringViolation(value: string, rule: Extract<FieldSpec, { kind: 'string' }>): string | undefined {
  if (rule.minLength !== undefined && value.length < rule.minLength) return `Member must have length greater than or equal to ${rule.minLength}`;
  if (rule.maxLength !== undefined && value.length > rule.maxLength) return `Member must have length less than or equal to ${rule.maxLength}`;
  if (rule.pattern && !rule.pattern.test(value)) return `Member must satisfy regular expression pattern: ${rule.patternText ?? rule.pattern.source}`;
  if (rule.enum && !rule.enum.includes(value)) return `Member must satisfy enum value set: [${rule.enum.join(', ')}]`;
  return undefined;
}

// Shapes shared by the operations (API Reference, request parameters).
export const CLIENT_ID_FIELD = { kind: 'string', required: true, minLength: 1, maxLength: 128, pattern: /^[\w+]+$/, patternText: '[\\w+]+' } as const;
export const CLIENT_SECRET_FIELD = { kind: 'string', minLength: 1, maxLength: 64, pattern: /^[\w+]+$/, patternText: '[\\w+]+' } as const;
export const TOKEN_FIELD = { kind: 'string', required: true, pattern: /^[A-Za-z0-9\-_=.]+$/, patternText: '[A-Za-z0-9-_=.]+' } as const;
