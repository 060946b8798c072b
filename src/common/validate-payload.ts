import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { validationFailed, type FieldProblem } from './ieum.exception.js';

/** Validates a payload from a non-HTTP edge (socket, job, bot) with the same DTO rules. */
export async function validatePayload<T extends object>(type: new () => T, payload: unknown): Promise<T> {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw validationFailed([{ field: '(payload)', problems: ['the payload must be an object'] }]);
  }
  const instance = plainToInstance(type, payload);
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) {
    const fields: FieldProblem[] = errors.map((e) => ({ field: e.property, problems: Object.values(e.constraints ?? { invalid: 'is invalid' }) }));
    throw validationFailed(fields);
  }
  return instance;
}
