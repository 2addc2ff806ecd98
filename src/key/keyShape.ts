// What a Clerk secret key looks like. No vscode import: unit-tested on Node.
export type KeyEnvironment = 'test' | 'live';

const SHAPE = /^sk_(test|live)_[A-Za-z0-9]{10,}$/;

/** Undefined when the key looks right; otherwise what is wrong with it, in words a person can act on. */
export function checkKeyShape(raw: string): string | undefined {
  const key = raw.trim();
  if (key === '') return 'Paste the secret key from Clerk Dashboard → API keys.';
  if (/^pk_(test|live)_/.test(key))
    return 'That is a publishable key (pk_…). Clerk Sessions needs the secret key, which starts with sk_test_ or sk_live_.';
  if (/\s/.test(key)) return 'The key contains spaces or line breaks: copy it again from Clerk Dashboard → API keys.';
  if (!/^sk_(test|live)_/.test(key)) return 'A Clerk secret key starts with sk_test_ or sk_live_.';
  if (!SHAPE.test(key)) return 'This key is cut short or has characters a Clerk key never has: copy it again.';
  return undefined;
}

export function keyEnvironment(key: string): KeyEnvironment {
  return key.startsWith('sk_live_') ? 'live' : 'test';
}
