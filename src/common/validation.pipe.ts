import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { validationFailed, type FieldProblem } from './ieum.exception.js';

function flatten(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

const LENIENT = Symbol('lenient');

/**
 * Marks a DTO whose unknown properties are dropped rather than refused: for payloads another
 * system defines and may extend (a webhook), where a 400 would only make the sender retry.
 */
export function Lenient(): ClassDecorator {
  return (target) => {
    Reflect.defineProperty(target, LENIENT, { value: true });
  };
}

class IeumValidationPipe extends ValidationPipe {
  private readonly lenient = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: false, transform: true, exceptionFactory: (errors) => validationFailed(flatten(errors)) });

  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const metatype = metadata.metatype as (object & { [LENIENT]?: boolean }) | undefined;
    return metatype?.[LENIENT] ? this.lenient.transform(value, metadata) : super.transform(value, metadata);
  }
}

/** DTO validation for every HTTP edge, reporting in the one error shape. */
export function createValidationPipe(): ValidationPipe {
  return new IeumValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => validationFailed(flatten(errors)),
  });
}
