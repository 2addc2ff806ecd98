// The public keys a token's signature is checked with (an instance's JWKS). Plain data, no vscode.
/** One public key of the instance's JWKS (RSA, EC, OKP or oct, as the spec allows). */
export interface Jwk {
  kid: string;
  kty: string;
  alg?: string;
  use?: string;
  n?: string;
  e?: string;
  crv?: string;
  x?: string;
  y?: string;
  k?: string;
  [extra: string]: unknown;
}

export interface Jwks {
  keys: Jwk[];
}
