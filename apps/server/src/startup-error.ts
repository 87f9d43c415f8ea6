/** An error that stops the start with a message meant for people. */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}
