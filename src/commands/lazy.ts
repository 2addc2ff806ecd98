// Stand-ins for the command modules of ./heavyCommands.ts, registered at activation: each has the name and type of the
// real export and requires dist/heavyCommands.js the first time it is called (in the tests' bundles the modules are
// bundled inline). Activation so parses only what it needs; no network I/O either way.
import type * as Later from './heavyCommands';
import type { Deps } from './context';

declare const LAZY_HEAVY_FILE: boolean;

let loaded: typeof Later | undefined;

function later(): typeof Later {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= (LAZY_HEAVY_FILE ? require('./heavyCommands.js') : require('./heavyCommands')) as typeof Later;
  return loaded;
}

type Fn = (...args: never[]) => unknown;
type FnName = { [K in keyof typeof Later]: (typeof Later)[K] extends Fn ? K : never }[keyof typeof Later];

/** The function `name` of ./heavyCommands.ts, loaded when first called. */
function onFirstCall<K extends FnName>(name: K): (typeof Later)[K] {
  return ((...args: never[]) => (later()[name] as Fn)(...args)) as (typeof Later)[K];
}

export const copyId = onFirstCall('copyId');
export const copyJwtFromTemplate = onFirstCall('copyJwtFromTemplate');
export const copyToken = onFirstCall('copyToken');
export const inspect = onFirstCall('inspect');
export const revoke = onFirstCall('revoke');
export const verify = onFirstCall('verify');
export const copyClaims = onFirstCall('copyClaims');
export const explainTokenCommand = onFirstCall('explainTokenCommand');
export const showSession = onFirstCall('showSession');
export const createTestSession = onFirstCall('createTestSession');
export const openInDashboard = onFirstCall('openInDashboard');
export const revokeAllSessions = onFirstCall('revokeAllSessions');
export const copyAsCurl = onFirstCall('copyAsCurl');
export const explainRequestCommand = onFirstCall('explainRequestCommand');
export const verifyMachineTokenCommand = onFirstCall('verifyMachineTokenCommand');
export const copySignInUrl = onFirstCall('copySignInUrl');
export const copyTestingToken = onFirstCall('copyTestingToken');

/** Stands for ./tokenVariable.ts's TokenVariable (one per window, in memory): the real one is made on first use. */
export class TokenVariable {
  private real?: Later.TokenVariable;
  constructor(private readonly d: Deps) {}
  private get it(): Later.TokenVariable {
    return (this.real ??= new (later().TokenVariable)(this.d));
  }
  token(): ReturnType<Later.TokenVariable['token']> {
    return this.it.token();
  }
  choose(...args: Parameters<Later.TokenVariable['choose']>): ReturnType<Later.TokenVariable['choose']> {
    return this.it.choose(...args);
  }
}

/** Stands for ./impersonate.ts's Impersonations: the real one is made on first use. */
export class Impersonations {
  private real?: Later.Impersonations;
  constructor(private readonly d: Deps) {}
  private get it(): Later.Impersonations {
    return (this.real ??= new (later().Impersonations)(this.d));
  }
  signInAs(...args: Parameters<Later.Impersonations['signInAs']>): ReturnType<Later.Impersonations['signInAs']> {
    return this.it.signInAs(...args);
  }
  revoke(...args: Parameters<Later.Impersonations['revoke']>): ReturnType<Later.Impersonations['revoke']> {
    return this.it.revoke(...args);
  }
}
