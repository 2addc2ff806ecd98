// Settings, read when they are needed. clerk.apiUrl is application-scoped and restricted in untrusted workspaces,
// so a workspace can never redirect a stored key to another server; it must be https unless it is loopback.
import * as vscode from 'vscode';
import { DEFAULT_STATUS_FILTER, isStatusFilter, type StatusFilter } from './model/statusFilter';
import { DEFAULT_API_URL } from './clerk/constants';
import { numberSetting } from './util/settings';
export { checkApiUrl } from './util/apiUrl';

export type { StatusFilter } from './model/statusFilter';

export interface Settings {
  apiUrl: string;
  pageSize: number;
  defaultSessionStatus: StatusFilter;
  watchIntervalSeconds: number;
  requestTimeoutSeconds: number;
}

/** Where a setting that cannot be used as written is reported (the log, set in activate()); each sentence once. */
let warn: (sentence: string) => void = () => undefined;
const warned = new Set<string>();
export function onSettingProblem(fn: (sentence: string) => void): void {
  warn = fn;
  warned.clear();
}

export function readSettings(): Settings {
  const c = vscode.workspace.getConfiguration('clerk');
  // Only the user's own (global) value counts for the URL, whatever a workspace says.
  const apiUrl = (c.inspect<string>('apiUrl')?.globalValue ?? DEFAULT_API_URL).trim().replace(/\/+$/, '');
  const status = c.get<string>('defaultSessionStatus', DEFAULT_STATUS_FILTER);
  // Any JSON value can stand in settings.json ("x" gives NaN, and Watch would poll every millisecond).
  const num = (name: string, def: number, lo: number, hi: number): number => {
    const r = numberSetting(name, c.get<unknown>(name), def, lo, hi);
    if (r.problem && !warned.has(r.problem)) {
      warned.add(r.problem);
      warn(r.problem);
    }
    return r.value;
  };
  return {
    apiUrl,
    pageSize: num('pageSize', 20, 1, 500),
    defaultSessionStatus: isStatusFilter(status) ? status : DEFAULT_STATUS_FILTER,
    watchIntervalSeconds: num('watchIntervalSeconds', 10, 2, 3600),
    requestTimeoutSeconds: num('requestTimeoutSeconds', 15, 1, 300),
  };
}
