// Token size warnings for the Sessions view's token items: the tree holds token-free views, so
// the size of a token is read once per token (by its fingerprint) from the stored record, off
// the render path, and the item re-rendered only when the token nears or passes a header limit.
// Nothing is kept but the warning text and the fingerprint.
import { tokenSize } from '../../core/token/size';
import { fingerprint as fingerprintOf, type SessionRecord } from '../../core/sessions/index';
import { sizeWarning } from './render';

export type SizeWhich = 'id' | 'access' | 'refresh';

/** The cached warnings, by token fingerprint: a string, or null for a token within every limit. */
export class TokenSizeNotes {
  private readonly notes = new Map<string, string | null>();
  private readonly pending = new Set<string>();

  constructor(private readonly read: (sessionId: string) => Promise<SessionRecord | undefined>) {}

  /**
   * The warning for the token with `fingerprint`, or undefined (within the limits, or not known
   * yet: then it is read, and `changed` is called once if there is something to show).
   */
  note(sessionId: string, which: SizeWhich, fingerprint: string | undefined, changed: () => void): string | undefined {
    if (fingerprint === undefined) return undefined;
    const known = this.notes.get(fingerprint);
    if (known !== undefined) return known ?? undefined;
    if (this.pending.has(fingerprint)) return undefined;
    this.pending.add(fingerprint);
    void this.read(sessionId)
      .then((record) => {
        const raw = which === 'id' ? record?.secrets.idToken : which === 'access' ? record?.secrets.accessToken : record?.secrets.refreshToken;
        // The record may hold a newer token by now: its own item asks for it under its own fingerprint.
        if (raw === undefined || fingerprintOf(raw) !== fingerprint) return;
        const warning = sizeWarning(tokenSize(raw));
        if (this.notes.size > 500) this.notes.clear();
        this.notes.set(fingerprint, warning ?? null);
        if (warning !== undefined) changed();
      })
      .catch(() => undefined)
      .finally(() => this.pending.delete(fingerprint));
    return undefined;
  }
}
