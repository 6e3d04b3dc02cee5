/** A secret sealed at rest (the reporting service's SecretBox seals and opens it). */
export interface SealedSecret {
  /** iv || tag || ciphertext */
  sealed: Buffer;
  /** which key sealed it: the first 16 hex digits of SHA-256(key) */
  keyId: string;
}

/** What a store needs of a SecretBox: sealing a secret to a row's id, and opening it again. */
export interface SecretSealer {
  seal(secret: string, associatedData: string): SealedSecret;
  open(sealed: SealedSecret, associatedData: string): string;
}
