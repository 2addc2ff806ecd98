// Numeric settings as read from settings.json: any JSON value can stand there (a workspace may write "x"), so a value
// that is not a finite number falls back to its default, with one sentence for the log. No vscode import.

import * as l10n from '@vscode/l10n';
export interface NumberSetting {
  /** The value to use: the setting, rounded and kept within [min, max], or the default. */
  value: number;
  /** Why the setting was not used as written (not a number, not finite, out of range); undefined when it was. */
  problem?: string;
}

/** `clerk.<name>` read as a whole number in [min, max]; anything that is not a finite number falls back to `def`. */
export function numberSetting(name: string, raw: unknown, def: number, min: number, max: number): NumberSetting {
  if (raw === undefined || raw === null) return { value: def };
  if (typeof raw !== 'number' || !Number.isFinite(raw)) {
    const shown = typeof raw === 'string' ? JSON.stringify(raw.slice(0, 40)) : typeof raw === 'number' ? String(raw) : typeof raw;
    return { value: def, problem: l10n.t`The setting clerk.${name} is ${shown}, not a number: using its default, ${def}.` };
  }
  const value = Math.min(max, Math.max(min, Math.round(raw)));
  if (value !== raw)
    return { value, problem: l10n.t`The setting clerk.${name} is ${raw}: using ${value} (a whole number from ${min} to ${max}).` };
  return { value };
}
