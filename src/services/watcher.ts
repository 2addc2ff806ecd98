// Watch Session: poll one session, say so on every status change, and stop by itself once it is no longer active.
// A service (the commands start and stop it; the tree shows which sessions it watches), not a command.
import * as vscode from 'vscode';
import type { Session } from '../clerk/types';
import type { Connections } from '../connections';
import type { Prompts } from '../ui/prompts';
import type { Logger } from '../util/log';
import { deviceLabel } from '../util/format';
import { message, plain } from '../util/inert';
import { errorMessage } from '../util/errors';

interface Watch {
  instanceId: string;
  status: string;
  label: string;
  timer: NodeJS.Timeout;
  failures: number;
  busy: boolean;
}

export class Watcher implements vscode.Disposable {
  private readonly watches = new Map<string, Watch>();
  private readonly item = vscode.window.createStatusBarItem('clerk.watching', vscode.StatusBarAlignment.Left, 10);
  private readonly changed = new vscode.EventEmitter<{ instanceId: string; session: Session } | undefined>();
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly conns: Connections,
    private readonly prompts: Prompts,
    private readonly log: Logger,
    private readonly intervalMs: () => number,
  ) {
    this.item.name = vscode.l10n.t('Clerk: watched sessions');
    this.item.command = 'workbench.view.extension.clerk';
  }

  isWatching(sessionId: string): boolean {
    return this.watches.has(sessionId);
  }
  get count(): number {
    return this.watches.size;
  }

  start(instanceId: string, s: Session): void {
    if (this.watches.has(s.id)) return;
    const w: Watch = {
      instanceId,
      status: s.status,
      label: deviceLabel(s),
      failures: 0,
      busy: false,
      timer: setInterval(() => void this.poll(s.id), this.intervalMs()),
    };
    this.watches.set(s.id, w);
    this.log.info(`Watching ${s.id} (${w.label}) every ${this.intervalMs() / 1000} s`);
    this.render();
    this.changed.fire(undefined);
  }

  stop(sessionId: string, why?: string): void {
    const w = this.watches.get(sessionId);
    if (!w) return;
    clearInterval(w.timer);
    this.watches.delete(sessionId);
    this.log.info(`Stopped watching ${sessionId}${why ? `: ${why}` : ''}`);
    this.render();
    this.changed.fire(undefined);
  }

  /** One poll (also called by the tests, to not wait for the timer). */
  async poll(sessionId: string): Promise<void> {
    const w = this.watches.get(sessionId);
    if (!w || w.busy) return;
    w.busy = true;
    try {
      const s = await (await this.conns.client(w.instanceId)).getSession(sessionId);
      w.failures = 0;
      if (s.status !== w.status) {
        const was = w.status;
        w.status = s.status;
        this.changed.fire({ instanceId: w.instanceId, session: s });
        const ended = s.status !== 'active' && s.status !== 'pending';
        const [where, from, to] = [message(w.label, 80), message(was, 20), message(s.status, 20)];
        void this.prompts.showInformationMessage(
          ended
            ? vscode.l10n.t('Clerk: the session on {0} went from {1} to {2}, so watching stopped.', where, from, to)
            : vscode.l10n.t('Clerk: the session on {0} went from {1} to {2}.', where, from, to),
        );
        if (ended) this.stop(sessionId, `status ${s.status}`);
      }
    } catch (e) {
      w.failures++;
      this.log.warn(`Watch of ${sessionId} failed (${w.failures}): ${errorMessage(e)}`);
      if (w.failures >= 3) {
        this.stop(sessionId, 'three failures in a row');
        void this.prompts.showErrorMessage(
          vscode.l10n.t('Clerk: stopped watching the session on {0}: {1}', message(w.label, 80), message(errorMessage(e), 300)),
        );
      }
    } finally {
      w.busy = false;
    }
  }

  private render(): void {
    if (this.watches.size === 0) {
      this.item.hide();
      return;
    }
    this.item.text =
      this.watches.size === 1
        ? vscode.l10n.t('$(eye) Clerk: watching 1 session')
        : vscode.l10n.t('$(eye) Clerk: watching {0} sessions', this.watches.size);
    this.item.tooltip = [...this.watches.entries()].map(([id, w]) => `${plain(w.label, 80)} (${id}): ${w.status}`).join('\n');
    this.item.show();
  }

  dispose(): void {
    for (const w of this.watches.values()) clearInterval(w.timer);
    this.watches.clear();
    this.item.dispose();
    this.changed.dispose();
  }
}
