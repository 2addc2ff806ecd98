// Every id the extension shares with package.json, in one place.
export const EXTENSION_ID = 'clerk-sessions.clerk-sessions';
export const VIEW_SESSIONS = 'clerk.sessions';

export const Cmd = {
  setSecretKey: 'clerk.setSecretKey',
  importSecretKey: 'clerk.importSecretKey',
  removeSecretKey: 'clerk.removeSecretKey',
  updateSecretKey: 'clerk.updateSecretKey',
  renameInstance: 'clerk.renameInstance',
  refresh: 'clerk.refresh',
  refreshNode: 'clerk.refreshNode',
  searchUsers: 'clerk.searchUsers',
  clearSearch: 'clerk.clearSearch',
  filterSessions: 'clerk.filterSessions',
  loadMore: 'clerk.loadMore',
  retry: 'clerk.retry',
  showLog: 'clerk.showLog',
  inspect: 'clerk.session.inspect',
  revoke: 'clerk.session.revoke',
  verify: 'clerk.session.verify',
  copyJwt: 'clerk.session.copyJwtFromTemplate',
  copyId: 'clerk.session.copyId',
  copyToken: 'clerk.session.copyToken',
  watch: 'clerk.session.watch',
  unwatch: 'clerk.session.unwatch',
  explainToken: 'clerk.explainToken',
  showSession: 'clerk.showSession',
  copyClaims: 'clerk.copyClaims',
  revokeAllSessions: 'clerk.user.revokeAllSessions',
  createTestSession: 'clerk.user.createTestSession',
  impersonate: 'clerk.user.impersonate',
  revokeImpersonation: 'clerk.revokeImpersonation',
  openInDashboard: 'clerk.openInDashboard',
  sessionToken: 'clerk.sessionToken',
  chooseTokenSession: 'clerk.chooseTokenSession',
  copyAsCurl: 'clerk.session.copyAsCurl',
  explainRequest: 'clerk.explainRequest',
  copyTestingToken: 'clerk.copyTestingToken',
  copySignInUrl: 'clerk.user.copySignInUrl',
  verifyMachineToken: 'clerk.verifyMachineToken',
} as const;

export const Ctx = {
  hasKey: 'clerk.hasKey',
  liveKey: 'clerk.liveKey',
  keyFound: 'clerk.keyFound',
} as const;

/** SecretStorage key for one instance's secret key; globalState key for the instances' metadata. */
export const secretName = (instanceId: string) => `clerk.secretKey.${instanceId}`;
export const INSTANCES_STATE = 'clerk.instances';
export const lastTemplateState = (instanceId: string) => `clerk.lastTemplate.${instanceId}`;
/** globalState: the URL Copy as curl… used last on an instance, and the acting user of Sign In as This User… (not secret). */
export const curlUrlState = (instanceId: string) => `clerk.curlUrl.${instanceId}`;
export const actorState = (instanceId: string) => `clerk.actor.${instanceId}`;

export const SESSION_SCHEME = 'clerk-session';
export const REPORT_SCHEME = 'clerk-report';

/** Commands in item menus that may stay in the Command Palette: they ask for their argument there, or need none. */
export const PALETTE_ASKS_FOR_ARGUMENT: readonly string[] = [
  Cmd.removeSecretKey,
  Cmd.inspect,
  Cmd.searchUsers,
  Cmd.renameInstance,
  Cmd.showLog,
  Cmd.explainToken,
  Cmd.showSession,
  Cmd.openInDashboard,
  Cmd.chooseTokenSession,
  Cmd.copyTestingToken,
];

/** The webview panels of reports (Verify, Explain Token), and the only commands their links may run. */
export const REPORT_VIEW = 'clerk.report';
export const REPORT_COMMANDS: readonly string[] = [Cmd.verifyMachineToken, Cmd.showSession, Cmd.copyClaims];
