// Token size warnings for the Sessions view's token items: the tree holds token-free views, so
// the sizes of a session's ID and access tokens are read together, once per token (by
// fingerprint), from the stored record, off the render path, and an item re-rendered only when
// its token nears or passes a header limit. Nothing is kept but the warning text.
import { tokenSize } from '../../core/token/size';
import { fingerprint as fingerprintOf, type SessionRecord } from '../../core/sessions/index';
import { sizeWarning } from './render';

/** The tokens sent in a request header (a refresh token never is). */
export type SizeWhich = 'id' | 'access';

/** The cached warnings, by token fingerprint: a string, or null for a token within every limit. */
export class TokenSizeNotes {
  private readonly notes = new Map<string, string | null>();
  private readonly pending = new Set<string>();

  constructor(private readonly read: (sessionId: string) => Promise<SessionRecord | undefined>) {}

  /**
   * The warning for the token with `fingerprint`, or undefined (within the limits, or not known
   * yet: then the session's record is read once for both its tokens, and `changed(which)` is
   * called for each token that has something to show).
   */
  note(sessionId: string, fingerprint: string | undefined, changed: (which: SizeWhich) => void): string | undefined {
    if (fingerprint === undefined) return undefined;
    const known = this.notes.get(fingerprint);
    if (known !== undefined) return known ?? undefined;
    if (this.pending.has(sessionId)) return undefined;
    this.pending.add(sessionId);
    void this.read(sessionId)
      .then((record) => {
        if (this.notes.size > 500) this.notes.clear();
        for (const [which, raw] of [['id', record?.secrets.idToken], ['access', record?.secrets.accessToken]] as const) {
          if (raw === undefined) continue;
          // Keyed by the token read: an item showing an older token asks again under its own fingerprint.
          const fp = fingerprintOf(raw);
          if (this.notes.has(fp)) continue;
          const warning = sizeWarning(tokenSize(raw));
          this.notes.set(fp, warning ?? null);
          if (warning !== undefined) changed(which);
        }
        // The fingerprint asked for is not in the record (a newer token replaced it): nothing to show for it.
        if (!this.notes.has(fingerprint)) this.notes.set(fingerprint, null);
      })
      .catch(() => undefined)
      .finally(() => this.pending.delete(sessionId));
    return undefined;
  }
}
