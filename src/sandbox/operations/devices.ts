// ConfirmDevice and UpdateDeviceStatus: remembering the device a sign-in
// created (NewDeviceMetadata), with the SRP verifier the client made for it,
// so that later sign-ins can pass DEVICE_SRP_AUTH and skip MFA.

import { CognitoError } from '../errors';
import { SerializationError, TOKEN_FIELD, validateRequest } from '../request-validation';
import { requireAccessToken } from '../sign-in/access-token';
import { signInMessages } from '../sign-in/flow';
import type { DeviceRecord } from '../sign-in/runtime';
import type { SandboxState } from '../state';
import type { OperationHandler } from './types';

// DeviceKeyType: 1..55, [\w-]+_[0-9a-f-]+
const DEVICE_KEY_FIELD = { kind: 'string', required: true, minLength: 1, maxLength: 55, pattern: /^[\w-]+_[0-9a-f-]+$/, patternText: '[\\w-]+_[0-9a-f-]+' } as const;

const CONFIRM_SPEC = {
  AccessToken: TOKEN_FIELD,
  DeviceKey: DEVICE_KEY_FIELD,
  DeviceSecretVerifierConfig: { kind: 'any' },
  DeviceName: { kind: 'string', minLength: 1, maxLength: 1024 },
} as const;

const STATUS_SPEC = {
  AccessToken: TOKEN_FIELD,
  DeviceKey: DEVICE_KEY_FIELD,
  DeviceRememberedStatus: { kind: 'string', enum: ['remembered', 'not_remembered'] },
} as const;

function ownDevice(state: SandboxState, accessToken: string, deviceKey: string): DeviceRecord {
  const owner = requireAccessToken(state, accessToken);
  const device = state.signIn.devices.get(deviceKey);
  if (!device || device.poolId !== owner.pool.config.id || device.username !== owner.user.username) {
    throw new CognitoError('ResourceNotFoundException', signInMessages.deviceNotFound);
  }
  return device;
}

/** Base64 of a big-endian number (PasswordVerifier, Salt) -> the number; undefined when not base64. */
function base64Number(value: unknown): bigint | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > 4096) return undefined;
  const bytes = Buffer.from(value, 'base64');
  if (bytes.length === 0) return undefined;
  return BigInt(`0x${bytes.toString('hex')}`);
}

export const confirmDevice: OperationHandler = (body, state) => {
  const input = validateRequest(body, CONFIRM_SPEC);
  const config = input.DeviceSecretVerifierConfig;
  if (config !== undefined && config !== null && (typeof config !== 'object' || Array.isArray(config))) {
    throw new SerializationError("Expected an object at 'deviceSecretVerifierConfig'");
  }
  const device = ownDevice(state, input.AccessToken, input.DeviceKey);
  const raw = (config ?? {}) as Record<string, unknown>;
  const verifier = base64Number(raw.PasswordVerifier);
  const salt = base64Number(raw.Salt);
  if (verifier === undefined || salt === undefined) {
    // Assumed: the model makes the member optional, but without it the device could never pass DEVICE_SRP_AUTH.
    throw new CognitoError('InvalidParameterException', 'DeviceSecretVerifierConfig with PasswordVerifier and Salt is required.');
  }
  const pool = state.pools.find((p) => p.config.id === device.poolId);
  const promptOnly = pool?.config.deviceConfiguration?.deviceOnlyRememberedOnUserPrompt === true;
  device.credential = { salt, verifier };
  device.confirmed = true;
  device.remembered = !promptOnly;
  if (input.DeviceName !== undefined) device.name = input.DeviceName;
  state.signIn.devicesChanged();
  return { UserConfirmationNecessary: promptOnly };
};

export const updateDeviceStatus: OperationHandler = (body, state) => {
  const input = validateRequest(body, STATUS_SPEC);
  const device = ownDevice(state, input.AccessToken, input.DeviceKey);
  if (!device.confirmed) throw new CognitoError('ResourceNotFoundException', signInMessages.deviceNotFound);
  device.remembered = input.DeviceRememberedStatus === 'remembered';
  state.signIn.devicesChanged();
  return {};
};
