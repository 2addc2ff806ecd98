// Tokens in the editor, explained: detection, safe decoding, claims in words, the backend verdict, the hover summary.
// No vscode import: the hover provider and the Explain Token command are thin adapters over this.
export * from './decode';
export * from './detect';
export * from './explain';
export * from './org';
export * from './signature';
export * from './hover';
export * from './verdict';
export * from './words';
export * from './surface';
export * from './match';
