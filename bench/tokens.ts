// Token figures: detection over a generated 10 MB log with 1,000 tokens (ms and MB/s, median of runs), detection over
// adversarial documents of 1 MB and 10 MB (time per MB; linear: 10 MB within 10× the time of 1 MB), the time to
// build a hover summary (decode + explain + offline verdict with a cached JWKS, median), and how often our verdict
// agrees with @clerk/backend's verifyToken over randomly varied tokens (times around the skew edges, azp, algorithms,
// tampering). Call measureTokens() from bench/bench.ts, or run alone: `node out/bench/tokens.js`.
import { generateKeyPairSync, sign as nodeSign, type KeyObject } from 'node:crypto';
import { findTokens, tokenAt } from '../src/tokens/detect';
import { hoverSummary } from '../src/tokens/hover';
import { verdict } from '../src/tokens/verdict';

export interface AdversarialFigure {
  /** What the document repeats. */
  shape: string;
  mb: number;
  /** findTokens over the whole document plus tokenAt at its last character: CPU ms, median of runs. */
  ms: number;
  msPerMB: number;
  /** Tokens found (each shape ends in one real JWT, or holds none). */
  tokens: number;
}

export interface TokenBench {
  logMB: number;
  tokens: number;
  detectMs: number;
  detectMBps: number;
  /** Per shape, the 1 MB and the 10 MB document. */
  adversarial: Array<{ shape: string; small: AdversarialFigure; large: AdversarialFigure; ratio: number }>;
  hoverUs: number;
  oracleTokens: number;
  oracleAgree: number;
  oracleAgreePct: number;
  disagreements: string[];
}

const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function signRaw(header: object, payload: object, key: KeyObject, hash = 'sha256'): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${nodeSign(hash, Buffer.from(input), key).toString('base64url')}`;
}

/** A log of about `mb` MB with `count` tokens spread through it (and lines that look almost like tokens). */
export function makeLog(mb: number, count: number, key: KeyObject): { text: string; tokens: number } {
  const noise = [
    'INFO 2026-11-27T12:00:00.000Z GET /v1/users?limit=20&offset=0 200 12ms req=abc.def.ghi ua=node/20.19.43\n',
    'DEBUG cache hit key=session.user.profile v=1.2.3 host=api.clerk.com note="eyJ is how JSON starts in base64"\n',
    'WARN retry 2/3 after 429, Retry-After: 1 (www.example.com) this.props.value=undefined\n',
  ];
  const now = Math.floor(Date.now() / 1000);
  const tokens = Array.from({ length: count }, (_, i) =>
    signRaw(
      { alg: 'RS256', kid: 'ins_bench', typ: 'JWT' },
      { sub: `user_${i}`, sid: `sess_${i}`, iat: now, exp: now + 60, v: 2, azp: 'http://localhost:3000' },
      key,
    ),
  );
  const target = mb * 1024 * 1024;
  const parts: string[] = [];
  let size = 0;
  let placed = 0;
  let line = 0;
  const every = Math.max(1, Math.floor(target / 110 / count));
  while (size < target || placed < count) {
    const l =
      placed < count && line % every === 0
        ? `INFO auth ok header="Authorization: Bearer ${tokens[placed++]}"\n`
        : noise[line % noise.length];
    parts.push(l);
    size += l.length;
    line++;
  }
  return { text: parts.join(''), tokens: placed };
}

/** Documents that made detection quadratic (each candidate walked the same characters again), and other hard shapes. */
export const ADVERSARIAL_SHAPES: Array<{ shape: string; head?: string; unit: string; tail: 'jwt' | 'none' }> = [
  { shape: "'eyJA\\⏎ ' repeated, then a JWT (the security review's document)", unit: 'eyJA\\\n ', tail: 'jwt' },
  { shape: 'valid headers joined by continuations, then a JWT', unit: `${b64({ alg: 'RS256', kid: 'ins_bench' })}\\\n`, tail: 'jwt' },
  { shape: "'eyJA.AB\\⏎  ' repeated (dots inside the chain)", unit: 'eyJA.AB\\\n  ', tail: 'none' },
  { shape: "bare 'eyJ' prefixes, dots and quotes", unit: 'eyJ eyJ. eyJ.. .eyJ eyJ.eyJ.eyJ "eyJ" ', tail: 'none' },
  { shape: 'one line: eyJ then base64url runs with dots', head: 'eyJ', unit: 'AAAAAAAAAAAAAAA.', tail: 'none' },
];

/** An adversarial document of about `mb` MB: head, the unit repeated, then the JWT or nothing. */
export function adversarialDocument(s: (typeof ADVERSARIAL_SHAPES)[number], mb: number, jwt: string): string {
  return `${s.head ?? ''}${s.unit.repeat(Math.ceil((mb * 1048576) / s.unit.length))}${s.tail === 'jwt' ? jwt : ''}`;
}

function measureAdversarial(s: (typeof ADVERSARIAL_SHAPES)[number], mb: number, jwt: string, runs: number): AdversarialFigure {
  const { shape, tail } = s;
  const text = adversarialDocument(s, mb, jwt);
  // CPU time of this process (the detection is synchronous): other work on a shared machine does not count. One run
  // first, not counted, so that both sizes are measured on compiled code.
  const cpu = (): number => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  findTokens(text);
  const times: number[] = [];
  let tokens = 0;
  for (let r = 0; r < runs; r++) {
    const t0 = cpu();
    tokens = findTokens(text).length;
    const at = tokenAt(text, text.length - 1);
    times.push(cpu() - t0);
    if ((tail === 'jwt') !== (at?.token === jwt)) throw new Error(`${shape}: tokenAt at the end found ${at ? 'another token' : 'nothing'}`);
  }
  if (tokens !== (tail === 'jwt' ? 1 : 0)) throw new Error(`${shape}: found ${tokens} tokens`);
  const ms = median(times);
  const size = text.length / 1048576;
  return { shape, mb: size, ms, msPerMB: ms / size, tokens };
}

async function oracleAgreement(n: number): Promise<{ total: number; agree: number; disagreements: string[] }> {
  let verifyToken: (t: string, o: Record<string, unknown>) => Promise<unknown>;
  try {
    ({ verifyToken } = (await import('@clerk/backend')) as unknown as { verifyToken: typeof verifyToken });
  } catch {
    return { total: 0, agree: 0, disagreements: ['@clerk/backend is not installed'] };
  }
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const j = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  const jwks = { keys: [{ kid: 'k', kty: 'RSA', alg: 'RS256', use: 'sig', n: j.n, e: j.e }] };
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const NOW = Date.UTC(2026, 10, 27, 12);
  const T = NOW / 1000;
  let seed = 42;
  const rnd = (k: number): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % k;
  const pickOf = <X>(xs: X[]): X => xs[rnd(xs.length)];
  const disagreements: string[] = [];
  let agree = 0;
  const realNow = Date.now;
  for (let i = 0; i < n; i++) {
    const off = (): number | string | undefined =>
      pickOf<number | string | undefined>([undefined, -600, -6, -5, -4, 0, 4, 5, 6, 600, `${T}`]);
    const p: Record<string, unknown> = {
      sub: pickOf(['user_1', 'user_1', undefined, 7]),
      sid: pickOf(['sess_1', undefined]),
      iss: 'https://clerk.x.test',
    };
    const e = off();
    p.exp = typeof e === 'number' ? T + e : e;
    const nb = off();
    if (nb !== undefined) p.nbf = typeof nb === 'number' ? T + nb : nb;
    const ia = off();
    if (ia !== undefined) p.iat = typeof ia === 'number' ? T + ia : ia;
    const azp = pickOf([undefined, 'https://a.test', 'https://b.test', '']);
    if (azp !== undefined) p.azp = azp;
    const parties = pickOf([undefined, [], ['https://a.test']]);
    const skew = pickOf([undefined, 0, 1000, 5000]);
    const header: Record<string, unknown> = { alg: pickOf(['RS256', 'RS256', 'RS256', 'RS384', 'none', 'HS256']), kid: 'k' };
    if (rnd(6) === 0) header.typ = pickOf(['JWT', 'at+jwt']);
    let token =
      header.alg === 'none' || header.alg === 'HS256'
        ? `${b64(header)}.${b64(p)}.${header.alg === 'none' ? '' : 'c2ln'}`
        : signRaw(header, p, rnd(8) === 0 ? other : privateKey, header.alg === 'RS384' ? 'sha384' : 'sha256');
    if (rnd(10) === 0) token = token.replace(/\.([^.]*)\./, `.${b64({ ...p, sub: 'user_admin' })}.`);
    const opts: Record<string, unknown> = { jwtKey: pem };
    if (parties) opts.authorizedParties = parties;
    if (skew !== undefined) opts.clockSkewInMs = skew;
    let clerk: string;
    Date.now = () => NOW;
    try {
      await verifyToken(token, opts);
      clerk = 'accept';
    } catch (err) {
      const r = (err as { reason?: unknown })?.reason;
      clerk = typeof r === 'string' ? r : 'exception';
    } finally {
      Date.now = realNow;
    }
    const v = await verdict(token, jwks, { keySource: 'pem', now: NOW, authorizedParties: parties, clockSkewMs: skew });
    const ours = v.accepted ? 'accept' : (v.clerkReason ?? 'unknown');
    if (ours === clerk) agree++;
    else if (disagreements.length < 10) disagreements.push(`${JSON.stringify({ header, p, parties, skew })}: clerk ${clerk}, ours ${ours}`);
  }
  return { total: n, agree, disagreements };
}

export async function measureTokens(
  opts: { mb?: number; count?: number; runs?: number; oracle?: number; adversarialRuns?: number } = {},
): Promise<TokenBench> {
  const mb = opts.mb ?? 10;
  const count = opts.count ?? 1000;
  const runs = opts.runs ?? 7;
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const log = makeLog(mb, count, privateKey);
  const times: number[] = [];
  let found = 0;
  for (let r = 0; r < runs; r++) {
    const t0 = process.hrtime.bigint();
    found = findTokens(log.text).length;
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  if (found !== log.tokens) throw new Error(`detection found ${found} of ${log.tokens} tokens`);
  const detectMs = median(times);

  const jwt = findTokens(log.text, { limit: 1 })[0].token;
  const adversarial = ADVERSARIAL_SHAPES.map((s) => {
    const small = measureAdversarial(s, 1, jwt, opts.adversarialRuns ?? 5);
    const large = measureAdversarial(s, 10, jwt, opts.adversarialRuns ?? 5);
    return { shape: s.shape, small, large, ratio: large.ms / small.ms };
  });

  const j = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  const jwks = { keys: [{ kid: 'ins_bench', kty: 'RSA', alg: 'RS256', use: 'sig', n: j.n, e: j.e }] };
  const token = findTokens(log.text, { limit: 1 })[0].token;
  const first = await hoverSummary(token, { jwks });
  if (first.signature.state !== 'valid') throw new Error(`hover summary: ${first.signature.sentence}`);
  const hover: number[] = [];
  for (let i = 0; i < 300; i++) {
    const t0 = process.hrtime.bigint();
    await hoverSummary(token, { jwks });
    hover.push(Number(process.hrtime.bigint() - t0) / 1e3);
  }
  const o = await oracleAgreement(opts.oracle ?? 400);
  return {
    logMB: log.text.length / 1024 / 1024,
    tokens: found,
    detectMs,
    detectMBps: log.text.length / 1024 / 1024 / (detectMs / 1000),
    adversarial,
    hoverUs: median(hover),
    oracleTokens: o.total,
    oracleAgree: o.agree,
    oracleAgreePct: o.total ? (100 * o.agree) / o.total : 0,
    disagreements: o.disagreements,
  };
}

export function formatTokenBench(b: TokenBench): string {
  return [
    `detect: ${b.tokens} tokens in ${b.logMB.toFixed(1)} MB: ${b.detectMs.toFixed(1)} ms median (${b.detectMBps.toFixed(0)} MB/s)`,
    ...b.adversarial.map(
      (a) =>
        `adversarial, ${a.shape}: 1 MB ${a.small.ms.toFixed(1)} ms (${a.small.msPerMB.toFixed(1)} ms/MB), ` +
        `10 MB ${a.large.ms.toFixed(1)} ms (${a.large.msPerMB.toFixed(1)} ms/MB), 10 MB / 1 MB ${a.ratio.toFixed(2)}×`,
    ),
    `hover summary (decode + explain + offline verdict, cached JWKS): ${b.hoverUs.toFixed(0)} µs median`,
    `oracle: ${b.oracleAgree} of ${b.oracleTokens} random tokens agree with @clerk/backend verifyToken (${b.oracleAgreePct.toFixed(1)}%)`,
    ...b.disagreements.map((d) => `  disagree: ${d}`),
  ].join('\n');
}

if (require.main === module) {
  measureTokens().then(
    (b) => console.log(formatTokenBench(b)),
    (e) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
