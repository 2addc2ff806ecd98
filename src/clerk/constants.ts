// Constants of the Backend API that code outside the client needs without loading it. No vscode import.

/** Clerk's Backend API, where a secret key is sent unless the user's settings say otherwise. */
export const DEFAULT_API_URL = 'https://api.clerk.com/v1';
