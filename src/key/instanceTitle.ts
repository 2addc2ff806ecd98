// What a person calls an instance: the name they gave it, else its environment as Clerk reports it, else what its key
// says. Used wherever an instance is shown (the tree, the hover, pickers, the status bar, the log).
import * as vscode from 'vscode';
import type { InstanceMeta } from './secretKey';

export function instanceTitle(i: InstanceMeta): string {
  if (i.name) return i.name;
  if (i.environmentType) return i.environmentType[0].toUpperCase() + i.environmentType.slice(1);
  return i.keyEnvironment === 'live' ? vscode.l10n.t('Production') : vscode.l10n.t('Development');
}
