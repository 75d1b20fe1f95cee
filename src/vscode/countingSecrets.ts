// SecretStorage with a count of the calls made through it: the self-test API reads the counts
// so that an integration test can check that a refresh makes a constant number of SecretStorage
// calls, whatever the number of stored sessions (issue 9). Counts only: no key or value is kept.
import type * as vscode from 'vscode';

export interface SecretCallCounts {
  get: number;
  store: number;
  delete: number;
  /** Store calls that have ended (resolved or rejected): `store - storesEnded` are in flight. */
  storesEnded: number;
}

export class CountingSecrets implements vscode.SecretStorage {
  readonly counts: SecretCallCounts = { get: 0, store: 0, delete: 0, storesEnded: 0 };
  readonly onDidChange: vscode.Event<vscode.SecretStorageChangeEvent>;

  constructor(private readonly inner: vscode.SecretStorage) {
    this.onDidChange = inner.onDidChange;
  }

  get(key: string): Thenable<string | undefined> {
    this.counts.get++;
    return this.inner.get(key);
  }

  store(key: string, value: string): Thenable<void> {
    this.counts.store++;
    const ended = () => {
      this.counts.storesEnded++;
    };
    const stored = this.inner.store(key, value);
    stored.then(ended, ended);
    return stored;
  }

  delete(key: string): Thenable<void> {
    this.counts.delete++;
    return this.inner.delete(key);
  }

  snapshot(): SecretCallCounts {
    return { ...this.counts };
  }
}
