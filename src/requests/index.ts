// Explain Request, the vscode-free core: text → parsed request → authenticateRequest's decision → report.
// Never throws. No vscode import.
import type { Report } from '../reports/report';
import { decide, isMachineToken, type Decision, type RequestOptions } from './decide';
import { parseRequestText, type ParsedRequest } from './parse';
import { ACCEPTS_SETTINGS, requestReport } from './report';
import * as l10n from '@vscode/l10n';

export type { RequestOptions, Decision, AcceptsToken, TokenType, Status } from './decide';
export type { ParsedRequest, ParseResult } from './parse';
export { parseRequestText } from './parse';
export { parseCookieHeader } from './cookies';
export { requestReport } from './report';

export type RequestExplanation =
  | { ok: true; request: ParsedRequest; decision: Decision; alternatives?: Array<{ acceptsToken: string; decision: Decision }> }
  | { ok: false; sentence: string };

/** Reads the text and decides it as @clerk/backend's authenticateRequest would. */
export async function explainRequest(text: unknown, options: RequestOptions = {}): Promise<RequestExplanation> {
  try {
    const p = parseRequestText(text);
    if (!p.ok) return p;
    const decision = await decide(p.request, options);
    const t = decision.context.tokenInHeader;
    if (t && isMachineToken(t)) {
      // A machine token: the outcome under each acceptsToken setting (offline: verification itself needs the Backend API).
      const alternatives: Array<{ acceptsToken: string; decision: Decision }> = [];
      for (const a of ACCEPTS_SETTINGS)
        alternatives.push({ acceptsToken: a, decision: await decide(p.request, { ...options, acceptsToken: a }) });
      return { ok: true, request: p.request, decision, alternatives };
    }
    return { ok: true, request: p.request, decision };
  } catch (e) {
    return {
      ok: false,
      sentence: l10n.t`The request could not be explained (${e instanceof Error ? e.message.slice(0, 200) : l10n.t('unknown error')}).`,
    };
  }
}

/** Text in, report out: what the command shows. `serverDate` is the Date header of a Backend API answer, when known. */
export async function explainRequestReport(text: unknown, options: RequestOptions = {}, serverDate?: string | number): Promise<Report> {
  return (await explainRequestFull(text, options, serverDate)).report;
}

/** The explanation and its report, from one reading of the text. */
export async function explainRequestFull(
  text: unknown,
  options: RequestOptions = {},
  serverDate?: string | number,
): Promise<{ explanation: RequestExplanation; report: Report }> {
  const e = await explainRequest(text, options);
  if (!e.ok)
    return {
      explanation: e,
      report: {
        title: l10n.t('Explain Request'),
        verdict: { ok: false, text: l10n.t('The request could not be read.'), reasons: [e.sentence] },
        sections: [],
      },
    };
  const input: Parameters<typeof requestReport>[0] = { request: e.request, decision: e.decision, options };
  if (e.alternatives) input.alternatives = e.alternatives;
  if (serverDate !== undefined) input.serverDate = serverDate;
  return { explanation: e, report: requestReport(input) };
}
