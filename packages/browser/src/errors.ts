/** No Chromium at the configured path (servers answer 501). */
export class BrowserUnavailableError extends Error {
  override readonly name = 'BrowserUnavailableError';
  readonly code = 'BROWSER_UNAVAILABLE';
  constructor(readonly executablePath: string) {
    super(`no Chromium at ${executablePath}: install Debian's chromium package`);
  }
}
