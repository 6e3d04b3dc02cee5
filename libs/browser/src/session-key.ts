/**
 * The API key of a page, kept in this tab only (sessionStorage, under `item`): never in
 * localStorage, a cookie or a link. Sent only in the Authorization header (api-request.ts).
 */
export class SessionKey {
  constructor(private readonly item: string) {}

  get(): string {
    try {
      return sessionStorage.getItem(this.item) ?? '';
    } catch {
      return '';
    }
  }

  /** false when the browser keeps nothing (storage disabled) */
  set(key: string): boolean {
    try {
      sessionStorage.setItem(this.item, key);
      return true;
    } catch {
      return false;
    }
  }

  clear(): void {
    try {
      sessionStorage.removeItem(this.item);
    } catch {
      /* storage unavailable: nothing kept */
    }
  }
}
