// The record of every Cognito API call the sandbox received, for tests and the CLI log.

export interface SandboxCall {
  operation: string;
  /** Sandbox clock (ms since the epoch) when the call arrived. */
  at: number;
  /** HTTP status sent, or that would have been sent when the connection was dropped after processing; 0 when dropped before. */
  status: number;
  errorName?: string;
  dropped?: boolean;
  /** RevokeToken and RevokeUserSession: the RevokeAssociatedSessions the request sent, when it sent one. */
  revokeAssociatedSessions?: string;
}

export class CallLog {
  private entries: SandboxCall[] = [];

  add(call: SandboxCall): void {
    this.entries.push(call);
  }

  list(operation?: string): SandboxCall[] {
    return this.entries.filter((c) => operation === undefined || c.operation === operation).map((c) => ({ ...c }));
  }

  clear(): void {
    this.entries = [];
  }
}
