/** A URL the policy refuses; `reason` says why in words (`169.254.169.254 is linkLocal`, `scheme ftp: …`). */
export class UrlNotAllowedError extends Error {
  override readonly name = 'UrlNotAllowedError';
  readonly code = 'URL_NOT_ALLOWED';
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`URL not allowed: ${reason}`);
  }
}
