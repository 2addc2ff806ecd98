// Starts Stoplight Prism (node_modules/.bin/prism) as a validating proxy or a mock of Clerk's official spec.
//
// Proxy mode: `prism proxy <spec> <upstream> --errors`. Prism matches the request path against the spec's paths
// (`/instance`, `/sessions/{session_id}`, … — the spec's `servers` base `/v1` is NOT part of them) and forwards
// the same path appended to the upstream URL. So the client's apiUrl is the proxy origin with no `/v1`, and the
// upstream is the local server's `<origin>/v1`.
// With --errors, a request that breaks the spec is answered 422 (problem+json, type …#UNPROCESSABLE_ENTITY) without
// reaching the upstream; an upstream response that breaks it becomes a 500 (problem+json, type …#VIOLATIONS) with
// the violations also in the `sl-violations` header. Warnings alone travel in `sl-violations` on a normal answer.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { freePort } from './net';
import { repoRoot } from './paths';

export { repoRoot, specDir, specPath } from './paths';

export interface PrismInstance {
  /** http://127.0.0.1:PORT — use as the client's apiUrl (no /v1). */
  url: string;
  /** Everything Prism printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface PrismOptions {
  mode: 'proxy' | 'mock';
  spec: string;
  /** For proxy mode: the upstream base, e.g. http://127.0.0.1:1234/v1 */
  upstream?: string;
  /** Default 60 s: Prism needs 3–10 s to load these specs, more on a busy machine. */
  startTimeoutMs?: number;
}

export async function startPrism(opts: PrismOptions): Promise<PrismInstance> {
  const bin = resolve(repoRoot(), 'node_modules/.bin/prism');
  if (!existsSync(bin)) throw new Error(`Prism is not installed at ${bin} (npm ci?)`);
  if (!existsSync(opts.spec)) throw new Error(`Clerk's spec is not at ${opts.spec}; set CLERK_BAPI_DIR`);
  const port = await freePort();
  const args = opts.mode === 'proxy' ? ['proxy', opts.spec, opts.upstream ?? '', '--errors'] : ['mock', opts.spec, '--errors'];
  args.push('-h', '127.0.0.1', '-p', String(port));
  const child: ChildProcess = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
  let out = '';
  const onData = (b: Buffer): void => {
    out += b.toString('utf8');
    if (out.length > 400_000) out = out.slice(-200_000);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);

  const url = `http://127.0.0.1:${port}`;
  await new Promise<void>((resolveStart, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      child.kill();
      reject(new Error(`Prism did not start within ${opts.startTimeoutMs ?? 170_000} ms:\n${out.slice(-2000)}`));
    }, opts.startTimeoutMs ?? 170_000);
    const poll = setInterval(() => {
      if (/Prism is listening on/.test(out)) {
        cleanup();
        resolveStart();
      }
    }, 100);
    const onExit = (code: number | null): void => {
      cleanup();
      reject(new Error(`Prism exited (${code}) before listening:\n${out.slice(-2000)}`));
    };
    child.once('exit', onExit);
    function cleanup(): void {
      clearTimeout(timer);
      clearInterval(poll);
      child.off('exit', onExit);
    }
  });

  return {
    url,
    output: () => out,
    stop: () =>
      new Promise<void>((res) => {
        if (child.exitCode !== null || child.signalCode !== null) {
          res();
          return;
        }
        child.once('exit', () => res());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}

export interface Violation {
  location?: string[];
  severity?: string;
  code?: string;
  message?: string;
}

/** Violations Prism reported on one response: the sl-violations header and/or a problem+json body. */
export function violationsOf(status: number, headers: { get(n: string): string | null }, text: string): Violation[] {
  const found: Violation[] = [];
  const h = headers.get('sl-violations');
  if (h) {
    try {
      found.push(...(JSON.parse(h) as Violation[]));
    } catch {
      found.push({ message: `unreadable sl-violations header: ${h}` });
    }
  }
  if (/problem\+json/i.test(headers.get('content-type') ?? '') || (status >= 400 && /stoplight\.io\/prism\/errors/.test(text))) {
    try {
      const body = JSON.parse(text) as { type?: string; title?: string; detail?: string; validation?: Violation[] };
      if (body.validation?.length) {
        if (!h) found.push(...body.validation);
      } else {
        found.push({ code: body.type ?? 'prism-error', message: `${body.title ?? ''}: ${body.detail ?? ''}` });
      }
    } catch {
      found.push({ message: `prism problem body: ${text.slice(0, 300)}` });
    }
  }
  return found;
}
