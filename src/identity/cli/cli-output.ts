import { IeumException } from '../../common/ieum.exception.js';

/** One line per failure, with its code; never a stack trace for a user's mistake. */
export function reportFailure(error: unknown): void {
  if (error instanceof IeumException) {
    process.stderr.write(`error ${error.code}: ${error.text.en} / ${error.text.ko}\n`);
    const fields = (error.details?.fields ?? []) as Array<{ field: string; problems: string[] }>;
    for (const field of fields) process.stderr.write(`  ${field.field}: ${field.problems.join('; ')}\n`);
  } else {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.exitCode = 1;
}
