// The parts loaded on first use rather than at activation: the Clerk client with its HTTP library (node-fetch), JWT
// signature checks (jose), the token explainer and verdict, and the report renderers. Bundled into dist/heavy.js;
// reached only through src/lazy.ts. Nothing here may define a class that code outside it checks with instanceof (the
// bundles do not share modules yet: src/clerk/errors.ts apiError).
export { ClerkClient } from './clerk/client';
export { hoverSummary } from './tokens/hover';
export { explainToken } from './tokens/explain';
export { verdict } from './tokens/verdict';
export { renderHtml, renderText } from './reports/report';
export { verifyReport } from './reports/verifyReport';
export { explainReport, undecodableReport } from './reports/explainReport';
export { explainRequest, explainRequestFull, explainRequestReport } from './requests';
