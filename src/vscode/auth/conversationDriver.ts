// The sign-in conversation's loop, apart from any UI: start, then for each prompt one answer
// (the scripted ones first, then the user's through `io.ask`, or cancel), each network step
// through `io.network` (a cancellable progress in the editor). A retryable failure (a wrong code)
// asks the same prompt again with a note; a challenge session past its 3 minutes is reported as
// expired without sending the answer. No `vscode` import: unit-tested with a scripted
// conversation (test/unit/vscode/authDriver.test.ts).
import type { SignInAnswer, SignInConversation, SignInPrompt, SignInStep } from '../../core/auth/index';
import { explain, type Explanation } from '../../core/errors/index';
import type { SessionRecord } from '../../core/sessions/index';
import { challengeSessionExpired } from './signInModel';

export type ConversationResult =
  | { kind: 'done'; record: SessionRecord }
  | { kind: 'cancelled' }
  | { kind: 'failed'; explanation: Explanation; errorName: string; expired: boolean };

export interface DriverIo {
  /** Runs one network step (the editor: under a cancellable progress). */
  network(work: () => Promise<SignInStep>): PromiseLike<SignInStep>;
  /** The user's answer to a prompt; undefined when dismissed. Called only when `thenAsk`. */
  ask(prompt: SignInPrompt, retryNote: string | undefined): Promise<SignInAnswer | undefined>;
  /** Log lines name prompts and failures, never an answer, secret or URI. */
  log(level: 'info' | 'warn', line: string): void;
  now(): number;
}

type PromptStep = Extract<SignInStep, { kind: 'prompt' }>;

export async function drive(conversation: SignInConversation, signal: AbortSignal, scripted: SignInAnswer[], thenAsk: boolean, io: DriverIo): Promise<ConversationResult> {
  try {
    let step = await io.network(() => conversation.start());
    let prompt: PromptStep | undefined;
    let failure: Extract<SignInStep, { kind: 'failed' }> | undefined;
    for (;;) {
      if (step.kind === 'done') return { kind: 'done', record: step.record };
      if (step.kind === 'cancelled') return { kind: 'cancelled' };
      if (step.kind === 'failed') {
        const expired = challengeSessionExpired(
          { explanationId: step.explanation.id, errorName: step.error.name, ...(step.error.message !== undefined ? { message: step.error.message } : {}) },
          prompt?.expiresAt,
          io.now(),
        );
        io.log('warn', `sign-in: a step failed: ${step.explanation.title} [${step.explanation.id}]${step.retryable ? ' (can be answered again)' : ''}${expired ? ' (the challenge session expired)' : ''}`);
        if (!step.retryable || expired || prompt === undefined) return { kind: 'failed', explanation: step.explanation, errorName: step.error.name, expired };
        failure = step;
      } else {
        prompt = step;
        failure = undefined;
      }
      const current: PromptStep = prompt;
      io.log('info', `sign-in: Cognito asks for ${describePrompt(current.prompt)}${failure ? ' again' : ''}`);
      let answer: SignInAnswer | undefined;
      if (scripted.length > 0) answer = scripted.shift();
      else if (thenAsk) answer = await io.ask(current.prompt, failure ? `Not accepted: ${failure.explanation.title}. Try again.` : undefined);
      else if (failure) {
        // No answer left to try again with: the failure is the result.
        conversation.cancel();
        return { kind: 'failed', explanation: failure.explanation, errorName: failure.error.name, expired: false };
      }
      if (answer === undefined) {
        conversation.cancel();
        return { kind: 'cancelled' };
      }
      if (current.expiresAt !== undefined && io.now() >= current.expiresAt) {
        // Do not send an answer Cognito will refuse: say why instead.
        conversation.cancel();
        return { kind: 'failed', explanation: expiredExplanation(), errorName: 'NotAuthorizedException', expired: true };
      }
      const sent = answer;
      step = await io.network(() => conversation.answer(sent));
    }
  } catch (err) {
    conversation.cancel();
    if (signal.aborted) return { kind: 'cancelled' };
    throw err;
  }
}

/** The prompt's kind (and challenge) for the log: never its secret or URI. */
function describePrompt(p: SignInPrompt): string {
  switch (p.kind) {
    case 'code':
      return `a code (${p.challenge})`;
    case 'new-password':
      return `a new password${p.requiredAttributes.length ? ` and ${p.requiredAttributes.join(', ')}` : ''}`;
    case 'select-mfa':
      return `a choice of MFA (${p.options.join(', ')})`;
    case 'select-challenge':
      return `a choice of first factor (${p.options.join(', ')})`;
    case 'totp-setup':
      return 'an authenticator app to be set up';
    case 'device-name':
      return 'whether to remember this device';
    default:
      return 'the password';
  }
}

/** The catalog's card for a step answered after Cognito's 3 minutes (the answer is not sent). */
function expiredExplanation(): Explanation {
  return explain({ name: 'NotAuthorizedException', message: 'Invalid session for the user, session is expired.', catalogId: 'NotAuthorizedException/sign-in-session-expired' });
}
