// The "Cognito side" section of a session panel: the user's server-side sessions, the user
// and (with AWS credentials) the app client's and pool's configuration, as the host built them
// (CognitoSideView, src/shared/protocol.ts). Nothing is asked of Cognito until the user presses
// a Load button. Everything shown came from Cognito and is untrusted: it goes in through
// dom.ts as text only (hidden characters marked), never as markup.
//
// Revoking another session asks first in a modal <dialog> of the webview whose default is
// Cancel: it has the focus when the dialog opens, so Enter and Escape both keep the session.
// The dialog lives outside the rendered root, so a new state does not close it.
//
// Test ids: cognito-side, server-load-user, server-load-config, server-credentials, server-choose-credentials,
// cognito-message, server-sessions (+ server-tracking with data-tracking, server-note,
// server-session-<id> rows with data-current, data-type; server-revoke-<id>), server-user
// (+ server-user-facts, server-attributes, server-attribute-<name>), server-config
// (+ server-config-<section> with data-failed, server-fact-<key> with data-fact,
// server-findings with data-finding, data-severity), server-failure-<where> with data-error-id,
// revoke-dialog (+ revoke-dialog-cancel, revoke-dialog-confirm, revoke-associated-none|linked).
import { formatLocalAndUtc, relativeTo } from '../src/shared/format';
import type {
  CognitoSideView,
  InspectorState,
  RevokeAssociated,
  ServerConfigPartView,
  ServerFactView,
  ServerFailureView,
  ServerSessionRowView,
  ServerSessionsListView,
  ServerUserPartView,
} from '../src/shared/protocol';
import { h, icon, type Child } from './dom';
import type { View } from './render';

function when(iso: string | undefined, now: number): Child {
  if (iso === undefined) return h('span', { class: 'muted' }, 'unknown');
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return h('span', { class: 'muted' }, 'unknown');
  return h(
    'time',
    { datetime: new Date(ms).toISOString(), title: `${new Date(ms).toISOString()} (UTC)` },
    formatLocalAndUtc(ms),
    ' ',
    h('span', { class: 'relative', 'data-epoch': ms / 1000 }, `(${relativeTo(ms / 1000, now)})`),
  );
}

function sideButton(testid: string, label: string, iconName: string, onClick: () => void, opts: { secondary?: boolean; busy?: boolean; disabled?: boolean; ariaLabel?: string } = {}): HTMLElement {
  const b = h(
    'vscode-button',
    {
      'data-testid': testid,
      icon: iconName,
      secondary: opts.secondary,
      disabled: opts.disabled || opts.busy,
      'icon-spin': opts.busy,
      'aria-label': opts.ariaLabel,
      'aria-busy': opts.busy ? 'true' : undefined,
    },
    label,
  );
  b.addEventListener('click', () => {
    if (!b.hasAttribute('disabled')) onClick();
  });
  return b;
}

function factList(testid: string, list: readonly ServerFactView[]): HTMLElement {
  return h(
    'dl',
    { class: 'facts', 'data-testid': testid },
    list.map((f) => [h('dt', {}, f.label), h('dd', { 'data-testid': `server-fact-${f.key}`, 'data-fact': f.key }, f.value)]),
  );
}

/** A failed operation: the catalog's title, what happened, what to do, the permission to allow. */
function failureCard(where: string, f: ServerFailureView, view: View): HTMLElement {
  return h(
    'div',
    { class: 'server-failure', role: 'group', 'aria-label': `${f.operation} failed`, 'data-testid': `server-failure-${where}`, 'data-error-id': f.id },
    h('p', { class: 'server-failure-title' }, icon('error', 'error-icon'), ' ', h('strong', {}, f.title), ' ', h('code', { class: 'muted' }, f.operation)),
    h('p', {}, f.whatHappened),
    f.missingPermission
      ? h(
          'div',
          { class: 'server-permission', 'data-testid': `server-permission-${where}` },
          h('p', {}, 'Allow ', h('code', {}, f.missingPermission.action), f.missingPermission.resource ? [' on ', h('code', {}, f.missingPermission.resource)] : null, ' in the policy of these credentials:'),
          h('pre', { class: 'raw', tabindex: 0, 'aria-label': 'The policy statement to add' }, f.missingPermission.statement),
        )
      : null,
    f.whatToDo.length > 0 ? h('ol', {}, f.whatToDo.map((t) => h('li', {}, t))) : null,
    f.refreshFirst
      ? h('div', { class: 'card-actions' }, sideButton(`server-refresh-${where}`, 'Refresh the session', 'refresh', () => view.actions.refresh(), { secondary: true }))
      : null,
  );
}

// ───────────────────────────────────── revoke confirmation ─────────────────────────────────────

let dialog: HTMLDialogElement | undefined;

function closeDialog(): void {
  if (dialog?.open) dialog.close();
  dialog?.remove();
  dialog = undefined;
}

/** The modal confirmation of a revoke: Cancel has the focus (Enter and Escape keep the session). */
export function confirmRevoke(row: ServerSessionRowView, side: CognitoSideView, view: View, returnFocus?: HTMLElement): void {
  closeDialog();
  const revoke = view.actions.serverRevoke;
  if (!revoke) return;
  const titleId = 'revoke-dialog-title';
  const radio = (value: RevokeAssociated, label: string, checked: boolean): HTMLElement =>
    h(
      'label',
      { class: 'revoke-choice' },
      h('input', { type: 'radio', name: 'associated', value, checked, 'data-testid': `revoke-associated-${value.toLowerCase()}` }),
      ' ',
      h('strong', {}, label),
      h('span', { class: 'muted revoke-choice-text' }, side.revokeText[value]),
    );
  // Cancel is the primary (default) button and has the focus; revoking is the secondary one, chosen on purpose.
  const cancel = h('vscode-button', { 'data-testid': 'revoke-dialog-cancel', autofocus: true }, 'Cancel');
  const confirm = h('vscode-button', { 'data-testid': 'revoke-dialog-confirm', secondary: true, icon: 'circle-slash' }, 'Revoke at Cognito');
  const form = h(
    'div',
    { class: 'dialog-body' },
    h('h2', { id: titleId }, icon('warning'), ` Revoke the server-side session ${row.sessionId}?`),
    h(
      'p',
      {},
      `${row.type === 'SSO' ? 'SSO session' : 'Token session'}`,
      row.clientId ? [' of app client ', h('code', {}, row.clientId)] : null,
      row.deviceType ? `, ${row.deviceType}` : null,
      row.lastIpAddress ? `, last from ${row.lastIpAddress}` : null,
      '. Whoever holds its tokens must sign in again. This cannot be undone.',
    ),
    h('fieldset', {}, h('legend', {}, 'RevokeAssociatedSessions'), radio('NONE', 'Only this session (NONE)', true), radio('LINKED', 'With the sessions linked to it (LINKED)', false)),
    h('div', { class: 'dialog-actions' }, cancel, confirm),
  );
  const d = h('dialog', { class: 'revoke-dialog', 'data-testid': 'revoke-dialog', 'aria-labelledby': titleId, 'data-session': row.sessionId }, form) as HTMLDialogElement;
  const done = () => {
    closeDialog();
    returnFocus?.focus();
  };
  cancel.addEventListener('click', done);
  d.addEventListener('cancel', (e) => {
    e.preventDefault();
    done();
  });
  confirm.addEventListener('click', () => {
    const picked = d.querySelector<HTMLInputElement>('input[name="associated"]:checked')?.value === 'LINKED' ? 'LINKED' : 'NONE';
    closeDialog();
    revoke(row.sessionId, picked);
  });
  document.body.append(d);
  dialog = d;
  d.showModal();
  cancel.focus();
}

// ───────────────────────────────────────── sections ─────────────────────────────────────────

function sessionsTable(list: ServerSessionsListView, side: CognitoSideView, view: View): HTMLElement {
  const cell = (v: string | undefined): Child => (v === undefined ? h('span', { class: 'muted' }, '—') : v);
  return h(
    'table',
    { class: 'claims server-sessions-table', 'data-testid': 'server-sessions-table' },
    h('caption', { class: 'visually-hidden' }, "The user's server-side sessions"),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['Session', 'App client', 'Created', 'Last active', 'Device', 'IP address', 'Location', 'Origin SSO session', ''].map((c) =>
          h('th', { scope: 'col' }, c === '' ? h('span', { class: 'visually-hidden' }, 'Action') : c),
        ),
      ),
    ),
    h(
      'tbody',
      {},
      list.rows.map((r) => {
        const revoking = side.busy.revoking === r.sessionId;
        const action: Child = r.isCurrent
          ? h('span', { class: 'tag', title: r.currentBy === 'sign-in-time' ? "Matched by this session's app client and sign-in time (Cognito did not say)" : "Cognito's IsCurrentSession" }, 'This session')
          : view.actions.serverRevoke
            ? (() => {
                const b: HTMLElement = sideButton(`server-revoke-${r.sessionId}`, revoking ? 'Revoking…' : 'Revoke…', 'circle-slash', () => confirmRevoke(r, side, view, b), {
                  secondary: true,
                  busy: revoking,
                  disabled: side.busy.revoking !== undefined,
                  ariaLabel: `Revoke the server-side session ${r.sessionId}`,
                });
                return b;
              })()
            : null;
        return h(
          'tr',
          { 'data-testid': `server-session-${r.sessionId}`, 'data-current': String(r.isCurrent), 'data-type': r.type, class: r.isCurrent ? 'current' : undefined },
          h('th', { scope: 'row' }, r.type === 'SSO' ? 'SSO ' : r.type === 'TOKEN' ? 'Token ' : '', h('code', {}, r.sessionId)),
          h('td', {}, r.clientId ? [h('code', {}, r.clientId), r.sameClient ? h('span', { class: 'muted' }, ' (this client)') : null] : cell(undefined)),
          h('td', {}, when(r.createdAt, view.now)),
          h('td', {}, when(r.lastActiveAt, view.now)),
          h('td', {}, cell(r.deviceType)),
          h('td', {}, cell(r.lastIpAddress)),
          h('td', {}, cell(r.location)),
          h('td', {}, r.originSessionId ? h('code', {}, r.originSessionId) : cell(undefined)),
          h('td', {}, action),
        );
      }),
    ),
  );
}

function sessionsPart(side: CognitoSideView, view: View): Child[] {
  const out: Child[] = [h('h3', {}, icon('server'), ' Server-side sessions (ListUserSessions)')];
  if (side.sessionsFailure) out.push(failureCard('sessions', side.sessionsFailure, view));
  const list = side.sessions;
  if (!list) {
    if (!side.sessionsFailure) out.push(h('p', { class: 'muted', 'data-testid': 'server-sessions-idle' }, 'Not loaded.'));
    return out;
  }
  out.push(
    h(
      'div',
      { 'data-testid': 'server-sessions' },
      h(
        'p',
        { 'data-testid': 'server-tracking', 'data-tracking': list.tracking },
        icon(list.tracking === 'ENABLED' ? 'pass' : list.tracking === 'DISABLED' ? 'circle-slash' : 'question'),
        ' ',
        list.trackingText,
      ),
      list.note ? h('p', { class: 'notice notice-warning', 'data-testid': 'server-note' }, icon('info'), ' ', list.note) : null,
      h(
        'p',
        { class: 'muted' },
        `${list.rows.length} session${list.rows.length === 1 ? '' : 's'} listed${list.truncated ? ' (more exist: the list stopped at its bound)' : ''}, read `,
        when(new Date(list.at).toISOString(), view.now),
        '.',
      ),
      list.rows.length > 0 ? sessionsTable(list, side, view) : null,
    ),
  );
  return out;
}

function userPart(side: CognitoSideView, view: View): Child[] {
  const out: Child[] = [h('h3', {}, icon('account'), ' User (GetUser)')];
  if (side.userFailure) out.push(failureCard('user', side.userFailure, view));
  const u: ServerUserPartView | undefined = side.user;
  if (!u) {
    if (!side.userFailure) out.push(h('p', { class: 'muted', 'data-testid': 'server-user-idle' }, 'Not loaded.'));
    return out;
  }
  out.push(
    h(
      'div',
      { 'data-testid': 'server-user' },
      factList('server-user-facts', [{ key: 'username', label: 'Username', value: u.username }, ...u.facts]),
      side.userStatusFailure ? failureCard('user-status', side.userStatusFailure, view) : null,
      h(
        'table',
        { class: 'claims', 'data-testid': 'server-attributes' },
        h('caption', { class: 'visually-hidden' }, "The user's attributes"),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Attribute'), h('th', { scope: 'col' }, 'Value'))),
        h(
          'tbody',
          {},
          u.attributes.map((a) =>
            h('tr', { 'data-testid': `server-attribute-${a.name}` }, h('th', { scope: 'row' }, h('code', {}, a.name)), h('td', {}, a.value === undefined ? h('span', { class: 'muted' }, '(no value)') : h('code', {}, a.value))),
          ),
        ),
      ),
    ),
  );
  return out;
}

function configPart(side: CognitoSideView, view: View): Child[] {
  const out: Child[] = [h('h3', {}, icon('settings-gear'), ' Client configuration (AWS credentials)')];
  if (side.configFailure) out.push(failureCard('config', side.configFailure, view));
  const c: ServerConfigPartView | undefined = side.config;
  if (!c) {
    if (!side.configFailure) {
      out.push(
        h(
          'p',
          { class: 'muted', 'data-testid': 'server-config-idle' },
          'Not loaded. Reading it needs AWS credentials (the default chain or a named profile, chosen once for this session; never stored) allowed cognito-idp:DescribeUserPoolClient, DescribeUserPool, GetUserPoolSessionConfiguration and GetUserPoolClientSessionConfiguration on the pool.',
        ),
      );
    }
    return out;
  }
  const body = h('div', { 'data-testid': 'server-config' }, h('p', { class: 'muted' }, `Read with ${c.credentials}, `, when(new Date(c.at).toISOString(), view.now), '.'));
  for (const s of c.sections) {
    body.append(
      h(
        'div',
        { class: 'server-config-section', 'data-testid': `server-config-${s.key}`, 'data-failed': String(s.failure !== undefined) },
        h('h4', {}, s.title),
        s.failure ? failureCard(`config-${s.key}`, s.failure, view) : factList(`server-facts-${s.key}`, s.facts ?? []),
      ),
    );
  }
  body.append(
    h(
      'div',
      { class: 'server-config-section', 'data-testid': 'server-against' },
      h('h4', {}, 'Against this configuration'),
      c.lastFailure ? h('p', {}, 'Last failure: ', h('code', {}, c.lastFailure)) : null,
      c.findings.length === 0
        ? h('p', { class: 'muted' }, c.lastFailure ? 'Nothing in this configuration explains the last failure or disagrees with what this session did.' : 'Nothing in this configuration disagrees with what this session did.')
        : h(
            'ul',
            { class: 'notes', 'data-testid': 'server-findings' },
            c.findings.map((f) =>
              h(
                'li',
                { 'data-finding': f.id, 'data-severity': f.severity, class: `finding finding-${f.severity}` },
                icon(f.severity === 'cause' ? 'error' : f.severity === 'warning' ? 'warning' : 'info'),
                ' ',
                h('strong', {}, f.severity === 'cause' ? 'Explains the last failure: ' : f.severity === 'warning' ? 'Warning: ' : 'Note: '),
                f.text,
              ),
            ),
          ),
    ),
  );
  out.push(body);
  return out;
}

/** The Cognito side of a session panel, or nothing for other panels. */
export function cognitoSide(state: InspectorState, view: View): HTMLElement | null {
  const side = state.server;
  if (state.target.kind !== 'session' || !side) return null;
  const key = 'page:cognito';
  const load = view.actions.serverLoad;
  const details = h('details', { 'data-section': key, 'data-testid': 'section-page-cognito', open: view.isOpen(key) });
  details.append(
    h('summary', {}, h('span', { class: 'summary-title' }, icon('cloud'), ' Cognito side: server sessions, user, client configuration')),
    h(
      'div',
      { class: 'section-body', 'data-testid': 'cognito-side', 'aria-busy': String(side.busy.user || side.busy.config || side.busy.revoking !== undefined) },
      h('p', { class: 'muted' }, 'What Cognito itself keeps about this session. Nothing is asked until you load it; the access token goes only to ', h('code', {}, side.destination), '.'),
      h(
        'div',
        { class: 'card-actions' },
        load
          ? [
              sideButton('server-load-user', side.busy.user ? 'Loading…' : side.sessions || side.user ? 'Reload sessions and user' : 'Load sessions and user', 'cloud-download', () => load('user'), {
                busy: side.busy.user,
                ariaLabel: "Load the user's server-side sessions (ListUserSessions) and the user (GetUser) with this session's access token",
              }),
              sideButton('server-load-config', side.busy.config ? 'Loading…' : side.config ? 'Reload client configuration' : 'Load client configuration', 'settings-gear', () => load('config'), {
                secondary: true,
                busy: side.busy.config,
                ariaLabel: "Load the app client's and user pool's configuration with AWS credentials",
              }),
            ]
          : null,
        h('span', { class: 'muted', 'data-testid': 'server-credentials' }, side.credentials ? `AWS credentials: ${side.credentials}` : 'AWS credentials: not chosen yet'),
        load && side.credentials
          ? sideButton('server-choose-credentials', 'Choose other credentials…', 'key', () => load('credentials'), {
              secondary: true,
              disabled: side.busy.config,
              ariaLabel: 'Choose the AWS profile or the default credential chain for this session, then load the client configuration',
            })
          : null,
      ),
      h(
        'div',
        { class: `notice${side.message ? ` notice-${side.message.severity}` : ''}`, role: side.message?.severity === 'error' ? 'alert' : 'status', 'aria-live': 'polite', 'data-testid': 'cognito-message' },
        side.message ? [icon(side.message.severity === 'error' ? 'error' : 'info'), ' ', side.message.text] : null,
      ),
      side.revokeFailure ? failureCard('revoke', side.revokeFailure, view) : null,
      sessionsPart(side, view),
      userPart(side, view),
      configPart(side, view),
    ),
  );
  details.addEventListener('toggle', () => view.actions.toggleSection(key, (details as HTMLDetailsElement).open));
  return details;
}
