// The parts loaded on first use rather than at activation: the Clerk client with its HTTP library (node-fetch), JWT
// signature checks (jose), the token explainer and verdict, and the report renderers. Bundled into dist/heavy.js;
// reached only through src/lazy.ts. A module that other bundles use too (the error classes, redaction, …) is not
// copied here: the build puts it in one shared file, so its classes have one identity (`instanceof` works across).
export { ClerkClient } from './clerk/client';
export { hoverSummary } from './tokens/hover';
export { explainToken } from './tokens/explain';
export { verdict } from './tokens/verdict';
export { renderHtml, renderText } from './reports/report';
export { verifyReport } from './reports/verifyReport';
export { explainReport, undecodableReport } from './reports/explainReport';
export { explainRequest, explainRequestFull, explainRequestReport } from './requests';
