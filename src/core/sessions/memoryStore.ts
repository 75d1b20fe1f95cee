// The in-memory store for tests and the sandbox demo. It goes through the
// same versioned JSON as the SecretStorage store, so what works here works
// there.

import { KeyValueSessionStore, type SecretBackend } from './keyValueStore';

/** A SecretStorage look-alike over a Map. */
export class MapSecretBackend implements SecretBackend {
  readonly values = new Map<string, string>();

  get(key: string): Promise<string | undefined> {
    return Promise.resolve(this.values.get(key));
  }

  store(key: string, value: string): Promise<void> {
    this.values.set(key, value);
    return Promise.resolve();
  }

  delete(key: string): Promise<void> {
    this.values.delete(key);
    return Promise.resolve();
  }
}

export class InMemorySessionStore extends KeyValueSessionStore {
  /** The raw stored values, for tests that inspect or corrupt them. */
  readonly raw: MapSecretBackend;

  constructor(backend: MapSecretBackend = new MapSecretBackend()) {
    super(backend);
    this.raw = backend;
  }
}
