// The command modules activation does not need: the entry of dist/heavyCommands.js, required the first time one of
// these commands runs (through ./lazy.ts, whose stubs index.ts registers at activation). A command module added here
// stays out of what activation loads; test/unit/bundles.test.ts checks the budget.
export { copyId, copyJwtFromTemplate, copyToken, inspect, revoke } from './session';
export { verify } from './verify';
export { copyClaims, explainTokenCommand, showSession } from './explain';
export { createTestSession, openInDashboard, revokeAllSessions } from './user';
export { Impersonations } from './impersonate';
export { copyAsCurl, TokenVariable } from './tokenVariable';
export { explainRequestCommand, verifyMachineTokenCommand } from './request';
export { copySignInUrl, copyTestingToken } from './testing';
