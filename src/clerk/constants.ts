// Constants of the Backend API that code outside the client needs without loading it. No vscode import.

/** Clerk's Backend API, where a secret key is sent unless the user's settings say otherwise. */
export const DEFAULT_API_URL = 'https://api.clerk.com/v1';

/** Shortest and longest lifetime a minted token may be given (Clerk's bounds for expires_in_seconds), in seconds. */
export const TOKEN_LIFETIME = { min: 30, max: 315_360_000 } as const;
