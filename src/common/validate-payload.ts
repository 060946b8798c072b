import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { validationFailed } from './ieum.exception.js';
import { inspectInput } from './input-shape.js';
import { describeValidationErrors } from './validation-messages.js';

/**
 * Validates a payload from a non-HTTP edge (socket, job, bot) with the same DTO rules, after the
 * same control-character, depth and width checks as every HTTP request.
 */
export async function validatePayload<T extends object>(type: new () => T, payload: unknown): Promise<T> {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    throw validationFailed([
      {
        field: '(payload)',
        problems: [{ en: 'the payload must be an object', ko: '보낸 내용이 JSON 객체가 아닙니다.' }],
      },
    ]);
  }
  inspectInput(payload);
  const instance = plainToInstance(type, payload);
  const errors = await validate(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    validationError: { target: true, value: true },
  });
  if (errors.length > 0) throw validationFailed(describeValidationErrors(errors));
  return instance;
}
