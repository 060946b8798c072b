import { IeumException, validationFailed, type FieldProblem } from '../../common/ieum.exception.js';

/** A bad flag or argument, in the same coded shape the HTTP edge uses for a bad request. */
export function invalidInput(field: string, problem: string): IeumException {
  return validationFailed([{ field, problems: [problem] }]);
}

/** One line per failure, with its code when it has one, Korean first; never a stack trace for a user's mistake. */
export function reportFailure(error: unknown): void {
  if (error instanceof IeumException) {
    const fields = (error.details?.fields ?? []) as FieldProblem[];
    const detail = fields.map((f) => `${f.field}: ${f.problems.join('; ')}`).join('; ');
    process.stderr.write(`error ${error.code}: ${error.text.ko} / ${error.text.en}${detail ? ` (${detail})` : ''}\n`);
  } else {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.exitCode = 1;
}
