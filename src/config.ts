// Settings, read when they are needed. clerk.apiUrl is application-scoped and restricted in untrusted workspaces,
// so a workspace can never redirect a stored key to another server; it must be https unless it is loopback.
import * as vscode from 'vscode';
import { DEFAULT_STATUS_FILTER, isStatusFilter, type StatusFilter } from './model/statusFilter';
import { DEFAULT_API_URL } from './clerk/constants';
export { checkApiUrl } from './util/apiUrl';

export type { StatusFilter } from './model/statusFilter';

export interface Settings {
  apiUrl: string;
  pageSize: number;
  defaultSessionStatus: StatusFilter;
  watchIntervalSeconds: number;
  requestTimeoutSeconds: number;
}

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration('clerk');
  // Only the user's own (global) value counts for the URL, whatever a workspace says.
  const apiUrl = (c.inspect<string>('apiUrl')?.globalValue ?? DEFAULT_API_URL).trim().replace(/\/+$/, '');
  const status = c.get<string>('defaultSessionStatus', DEFAULT_STATUS_FILTER);
  const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, Math.round(v)));
  return {
    apiUrl,
    pageSize: clamp(c.get<number>('pageSize', 20), 1, 500),
    defaultSessionStatus: isStatusFilter(status) ? status : DEFAULT_STATUS_FILTER,
    watchIntervalSeconds: clamp(c.get<number>('watchIntervalSeconds', 10), 2, 3600),
    requestTimeoutSeconds: clamp(c.get<number>('requestTimeoutSeconds', 15), 1, 300),
  };
}
