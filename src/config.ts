// Settings, read when they are needed. clerk.apiUrl is application-scoped and restricted in untrusted workspaces,
// so a workspace can never redirect a stored key to another server; it must be https unless it is loopback.
import * as vscode from 'vscode';
import { SESSION_STATUS_FILTERS, type SessionStatusFilter } from './clerk/types';
import { DEFAULT_API_URL } from './clerk/client';

export type StatusFilter = SessionStatusFilter | 'all';

export interface Settings {
  apiUrl: string;
  pageSize: number;
  defaultSessionStatus: StatusFilter;
  watchIntervalSeconds: number;
  requestTimeoutSeconds: number;
}

/** Undefined when the URL may carry the key; otherwise why not. */
export function checkApiUrl(raw: string): string | undefined {
  let u: URL;
  try { u = new URL(raw); } catch { return `clerk.apiUrl is not a URL: "${raw}".`; }
  if (u.protocol === 'https:') return undefined;
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const loopback = host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
  if (u.protocol === 'http:' && loopback) return undefined;
  return `clerk.apiUrl must use https (plain http is allowed only for localhost): "${raw}".`;
}

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration('clerk');
  // Only the user's own (global) value counts for the URL, whatever a workspace says.
  const apiUrl = (c.inspect<string>('apiUrl')?.globalValue ?? DEFAULT_API_URL).trim().replace(/\/+$/, '');
  const status = c.get<string>('defaultSessionStatus', 'active');
  const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(v)));
  return {
    apiUrl,
    pageSize: clamp(c.get<number>('pageSize', 20), 1, 500),
    defaultSessionStatus: (status === 'all' || (SESSION_STATUS_FILTERS as readonly string[]).includes(status) ? status : 'active') as StatusFilter,
    watchIntervalSeconds: clamp(c.get<number>('watchIntervalSeconds', 10), 2, 3600),
    requestTimeoutSeconds: clamp(c.get<number>('requestTimeoutSeconds', 15), 1, 300),
  };
}
