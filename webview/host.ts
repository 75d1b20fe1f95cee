// The webview's side of the protocol (src/shared/protocol.ts): `ready`, requests with ids
// whose replies settle a promise, states handed to a listener, and the persisted UI state.
import {
  PROTOCOL_VERSION,
  parseUiState,
  type HostMessage,
  type InspectorState,
  type TokenSlot,
  type UiState,
  type ServerAction,
  type ValuePart,
  type CopyFormat,
  type SavedKeyOp,
  type WebviewMessage,
} from '../src/shared/protocol';

type RequestBody =
  | { command: 'refresh' }
  | { command: 'verify' }
  | { command: 'openDocs'; url: string }
  | { command: 'reveal'; slot: TokenSlot }
  | { command: 'copyValue'; slot: TokenSlot; part: ValuePart; name: string }
  | { command: 'server'; action: ServerAction }
  | { command: 'copyToken'; slot: TokenSlot; format: CopyFormat }
  | { command: 'verifyWithKey'; slot: TokenSlot; source: 'jwks' | 'pem'; key: string }
  | { command: 'verifyWithKey'; slot: TokenSlot; source: 'secret' | 'saved' }
  | { command: 'savedKey'; slot: TokenSlot; op: SavedKeyOp };

/** Requests that got no reply in this time are given up (the host may have reloaded). */
const REQUEST_TIMEOUT_MS = 120_000;

export class Host {
  private readonly api = acquireVsCodeApi();
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: () => void; reject: (err: Error) => void; timer: ReturnType<typeof setTimeout> }>();

  constructor(private readonly onState: (state: InspectorState) => void) {
    window.addEventListener('message', (event: MessageEvent<unknown>) => this.receive(event.data));
  }

  /** Tells the host we are listening; it answers with the current state. */
  ready(): void {
    this.send({ type: 'ready', protocol: PROTOCOL_VERSION });
  }

  request(body: RequestBody): Promise<void> {
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error('The extension did not answer.'));
      }, REQUEST_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
      this.send({ type: 'request', id, ...body } as WebviewMessage);
    });
  }

  private send(message: WebviewMessage): void {
    this.api.postMessage(message);
  }

  private receive(data: unknown): void {
    if (!isHostMessage(data)) return;
    if (data.type === 'state') {
      this.onState(data.state);
      return;
    }
    const waiting = this.pending.get(data.id);
    if (!waiting) return;
    this.pending.delete(data.id);
    clearTimeout(waiting.timer);
    if (data.ok) waiting.resolve();
    else waiting.reject(new Error(data.error));
  }

  /** UI state only (tab, open sections, session id): VS Code keeps it across reloads. */
  loadUiState(): UiState | undefined {
    return parseUiState(this.api.getState());
  }

  saveUiState(state: UiState): void {
    this.api.setState(state);
  }
}

/** The host is trusted, but a page must not break on a message it did not expect. */
function isHostMessage(value: unknown): value is HostMessage {
  if (typeof value !== 'object' || value === null) return false;
  const m = value as { type?: unknown; id?: unknown; ok?: unknown; state?: unknown };
  if (m.type === 'state') {
    const s = m.state as { protocol?: unknown; tokens?: unknown } | undefined;
    return typeof s === 'object' && s !== null && s.protocol === PROTOCOL_VERSION && Array.isArray(s.tokens);
  }
  return m.type === 'reply' && typeof m.id === 'number' && typeof m.ok === 'boolean';
}
