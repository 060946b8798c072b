import { ValidationPipe, type ArgumentMetadata, type ValidationPipeOptions } from '@nestjs/common';
import { validationFailed } from './ieum.exception.js';
import { describeValidationErrors } from './validation-messages.js';

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

const OPTIONS: ValidationPipeOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  // The Korean text of a problem needs the rule's arguments (from the target's class) and whether
  // the value was left out; neither goes into the answer.
  validationError: { target: true, value: true },
  exceptionFactory: (errors) => validationFailed(describeValidationErrors(errors)),
};

class IeumValidationPipe extends ValidationPipe {
  private readonly lenient = new ValidationPipe({ ...OPTIONS, forbidNonWhitelisted: false });

  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const metatype = metadata.metatype as (object & { [LENIENT]?: boolean }) | undefined;
    return metatype?.[LENIENT] ? this.lenient.transform(value, metadata) : super.transform(value, metadata);
  }
}

/** DTO validation for every HTTP edge, reporting in the one error shape. */
export function createValidationPipe(): ValidationPipe {
  return new IeumValidationPipe(OPTIONS);
}
