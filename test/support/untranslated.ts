// Finding English left in a translated UI: the words of the extension's own English messages (l10n/bundle.l10n.json
// and package.nls.json) that still stand in text shown in another language. Text from outside (ids, emails, names,
// URLs, claim names, option names, Clerk's status and reason codes) is taken out first: it is never translated.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type L10nBundle = Record<string, string | { message: string; comment: string[] }>;

export function readBundle(root: string, name: string): L10nBundle {
  return JSON.parse(readFileSync(join(root, name), 'utf8')) as L10nBundle;
}

const messageOf = (v: string | { message: string }): string => (typeof v === 'string' ? v : v.message);

/** Every word of 4 letters or more in the English messages (placeholders, command ids and codicons left out), lower-cased. */
export function englishWords(...bundles: L10nBundle[]): Set<string> {
  const words = new Set<string>();
  for (const b of bundles)
    for (const v of Object.values(b))
      for (const w of stripCode(messageOf(v).replace(/\{[^}]*\}/g, ' ')).match(/[A-Za-z]{4,}/g) ?? []) words.add(w.toLowerCase());
  return words;
}

/** Identifiers and links: what stays as it is in any language. */
function stripCode(text: string): string {
  return text
    .replace(/\$\([a-z-]+\)/g, ' ') // codicons
    .replace(/\bcommand:[\w.]+/g, ' ')
    .replace(/\bhttps?:\/\/[^\s)"'`]+/g, ' ') // URLs
    .replace(/@[\w-]+\/[\w-]+/g, ' ') // package names (@clerk/backend)
    .replace(/(?<![\w.:/])\/[\w/{}.-]+/g, ' ') // API paths (POST /api_keys/verify)
    .replace(/(?<![\w])_{1,2}[a-z][\w]*/g, ' ') // cookie names (__session, __client_uat)
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, ' ') // emails
    .replace(/\b[a-z][a-z0-9]*(?:[_.][A-Za-z0-9]+)+\b/g, ' ') // ids, snake_case and dotted names (user_2x…, clerk.apiUrl)
    .replace(/\b[a-z]+[A-Z][A-Za-z0-9]*\b/g, ' ') // camelCase option names (authorizedParties, acceptsToken)
    .replace(/\b[a-z]+(?:-[a-z0-9]+)+\b/g, ' ') // kebab-case codes (signed-in, session-token-outdated)
    .replace(/\b[A-Z0-9_]{2,}\b/g, ' '); // JWT, RS256, HS256
}

/**
 * The English words of `dict` found in `text` once the `data` strings (what the test put in: names, ids, values) and
 * identifiers are taken out. Empty: nothing untranslated.
 */
export function untranslated(text: string, dict: Set<string>, data: readonly string[] = []): string[] {
  let t = stripCode(text);
  for (const d of [...data].sort((a, b) => b.length - a.length)) if (d) t = t.split(d).join(' ');
  const found = new Set<string>();
  for (const w of t.match(/[A-Za-z]{4,}/g) ?? []) if (dict.has(w.toLowerCase())) found.add(w);
  return [...found];
}
