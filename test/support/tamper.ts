// A proxy in front of the local Clerk server that can answer in its place or rewrite what it answered: for what the
// server's own controls cannot make (a 200 whose token is not a JWT, an error body with a hostile message). Test-only.
import { request, type IncomingMessage, type ServerResponse } from 'node:http';
import { startHttpServer, type Running } from './net';

export interface Canned {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

interface Rule {
  match: RegExp;
  remaining: number;
  canned?: Canned;
  rewrite?: (json: unknown) => unknown;
}

export interface TamperProxy {
  /** The API URL to give the extension (`<origin>/v1`). */
  url: string;
  /** Requests seen, as `METHOD /path` (no query). */
  seen: string[];
  /** Answer the next `n` requests whose `METHOD /path` matches with `canned`, without asking the server. */
  answer(match: RegExp, canned: Canned, n?: number): void;
  /** Rewrite the JSON body of the next `n` 2xx answers whose `METHOD /path` matches. */
  rewrite(match: RegExp, fn: (json: unknown) => unknown, n?: number): void;
  /** Called with `METHOD /path` just before a request is forwarded (e.g. to arm one of the server's faults for it). */
  beforeForward?: (what: string) => void;
  clear(): void;
  stop(): Promise<void>;
}

export async function startTamperProxy(upstreamOrigin: string): Promise<TamperProxy> {
  const up = new URL(upstreamOrigin);
  let rules: Rule[] = [];
  const seen: string[] = [];
  const take = (what: string, pick: (r: Rule) => boolean): Rule | undefined => {
    const r = rules.find((x) => x.remaining > 0 && pick(x) && x.match.test(what));
    if (r) r.remaining--;
    rules = rules.filter((x) => x.remaining > 0);
    return r;
  };

  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const what = `${req.method} ${(req.url ?? '/').split('?')[0]}`;
    seen.push(what);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const canned = take(what, (r) => r.canned !== undefined)?.canned;
      if (canned) {
        const text = typeof canned.body === 'string' ? canned.body : JSON.stringify(canned.body);
        res.writeHead(canned.status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...canned.headers });
        res.end(text);
        return;
      }
      proxy.beforeForward?.(what);
      const headers = { ...req.headers, host: up.host };
      const out = request({ host: up.hostname, port: up.port, method: req.method, path: req.url, headers }, (r) => {
        const body: Buffer[] = [];
        r.on('data', (c: Buffer) => body.push(c));
        r.on('error', () => res.destroy());
        r.on('end', () => {
          let buf = Buffer.concat(body);
          const status = r.statusCode ?? 502;
          const rw = status >= 200 && status < 300 ? take(what, (x) => x.rewrite !== undefined) : undefined;
          if (rw?.rewrite) buf = Buffer.from(JSON.stringify(rw.rewrite(JSON.parse(buf.toString('utf8')))));
          const h = { ...r.headers, 'content-length': String(buf.length) };
          delete h['transfer-encoding'];
          res.writeHead(status, h);
          res.end(buf);
        });
      });
      out.on('error', () => res.destroy());
      res.on('close', () => {
        if (!res.writableFinished) out.destroy();
      }); // the client gave up (timeout): so do we
      out.end(Buffer.concat(chunks));
    });
  };

  const running: Running = await startHttpServer(handler);
  const proxy: TamperProxy = {
    url: `${running.origin}/v1`,
    seen,
    answer: (match, canned, n = 1) => {
      rules.push({ match, canned, remaining: n });
    },
    rewrite: (match, fn, n = 1) => {
      rules.push({ match, rewrite: fn, remaining: n });
    },
    clear: () => {
      rules = [];
      seen.length = 0;
    },
    stop: () => running.stop(),
  };
  return proxy;
}
