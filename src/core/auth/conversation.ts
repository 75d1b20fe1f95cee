// The sign-in conversation with Cognito (InitiateAuth / RespondToAuthChallenge).

import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { SignInConversation, SignInOptions, SignInTarget } from './types';

export function createSignIn(client: CognitoIdentityProviderClient, target: SignInTarget, options: SignInOptions): SignInConversation {
  void client;
  void target;
  void options;
  throw new Error('createSignIn: not implemented yet');
}
