// DescribeUserPool: the pool's configuration as far as the sandbox models it
// (MFA, device tracking, sign-in aliases, tier), for IAM callers.

import { CognitoError } from '../errors';
import { validateRequest } from '../request-validation';
import { USER_POOL_ID_FIELD } from '../sessions/fields';
import { poolArn, requireIamPermission } from '../sessions/iam';
import type { PoolRuntime, SandboxState } from '../state';
import type { OperationHandler } from './types';

const SPEC = { UserPoolId: USER_POOL_ID_FIELD } as const;

/** The pool's sign-in settings (sign-in/config.ts), typed loosely so this file does not depend on their exact types. */
interface PoolSignInView {
  mfaConfiguration?: string;
  deviceConfiguration?: { challengeRequiredOnNewDevice: boolean; deviceOnlyRememberedOnUserPrompt: boolean };
  allowedFirstAuthFactors?: readonly string[];
}

export function requirePool(state: SandboxState, poolId: string): PoolRuntime {
  const pool = state.pool(poolId);
  if (!pool) throw new CognitoError('ResourceNotFoundException', `User pool ${poolId} does not exist.`);
  return pool;
}

export const describeUserPool: OperationHandler = (body, state) => {
  const input = validateRequest(body, SPEC);
  const arn = poolArn(state, input.UserPoolId);
  requireIamPermission(state, 'DescribeUserPool', arn);
  const pool = requirePool(state, input.UserPoolId);
  const c = pool.config;
  const signIn = pool.config as PoolSignInView;
  const device = signIn.deviceConfiguration;
  return {
    UserPool: {
      Id: c.id,
      Name: c.name,
      Arn: arn,
      MfaConfiguration: signIn.mfaConfiguration ?? 'OFF',
      ...(device ? { DeviceConfiguration: { ChallengeRequiredOnNewDevice: device.challengeRequiredOnNewDevice, DeviceOnlyRememberedOnUserPrompt: device.deviceOnlyRememberedOnUserPrompt } } : {}),
      ...(c.signInAliases?.includes('email') ? { UsernameAttributes: ['email'] } : {}),
      EstimatedNumberOfUsers: c.users.length,
      // The simulated trigger in force, named as a Lambda would be (there is none: the sandbox applies it itself).
      LambdaConfig: lambdaConfigOf(state, pool),
      // Refresh-token rotation and session tracking need the Essentials tier or above.
      UserPoolTier: 'ESSENTIALS',
      ...(signIn.allowedFirstAuthFactors ? { Policies: { SignInPolicy: { AllowedFirstAuthFactors: [...signIn.allowedFirstAuthFactors] } } } : {}),
    },
  };
};

function lambdaConfigOf(state: SandboxState, pool: PoolRuntime): Record<string, unknown> {
  const trigger = state.overrides.triggerOf(pool.config);
  if (!trigger) return {};
  const arn = `arn:aws:lambda:${state.config.region}:123456789012:function:cognito-sandbox-pre-token-generation`;
  return { PreTokenGeneration: arn, PreTokenGenerationConfig: { LambdaVersion: trigger.version, LambdaArn: arn } };
}
