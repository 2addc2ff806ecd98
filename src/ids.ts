// Every id the extension shares with package.json, in one place.
export const EXTENSION_ID = 'clerk-sessions.clerk-sessions';
export const VIEW_CONTAINER = 'clerk';
export const VIEW_SESSIONS = 'clerk.sessions';

export const Cmd = {
  setSecretKey: 'clerk.setSecretKey',
  removeSecretKey: 'clerk.removeSecretKey',
} as const;

export const Ctx = {
  hasKey: 'clerk.hasKey',
  liveKey: 'clerk.liveKey',
} as const;

/** SecretStorage key for one instance's secret key; globalState key for the instances' metadata. */
export const secretName = (instanceId: string) => `clerk.secretKey.${instanceId}`;
export const INSTANCES_STATE = 'clerk.instances';

/** Node commands that may stay in the Command Palette because they ask for their argument when run from there. */
export const PALETTE_ASKS_FOR_ARGUMENT: readonly string[] = [Cmd.removeSecretKey];
