// Errors the CLI prints as one line (`cybernetes: <message>`) with an exit
// code: 1 when the operation failed, 2 when the command line was wrong.
export class CliError extends Error {
  /** `fatal`: no later request can succeed either (server unreachable, bad token), so stop at once. */
  constructor(message: string, readonly exitCode = 1, readonly fatal = false) {
    super(message);
    this.name = 'CliError';
  }
}

/** Failures already reported line by line on stderr: exit 1 with nothing more to say. */
export const alreadyReported = (): CliError => new CliError('', 1);

/** A mistake in the command line itself: exit code 2, as with most Unix tools. */
export const usageError = (message: string): CliError => new CliError(message, 2);

/** The exit code for anything thrown out of a command. */
export function exitCodeOf(err: unknown): number {
  return err instanceof CliError ? err.exitCode : 1;
}

/** An error that only concerns one object of several: report it and go on with the others. */
export function isPerObject(err: unknown): err is CliError {
  return err instanceof CliError && !err.fatal && err.exitCode === 1;
}
