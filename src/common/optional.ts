import { IsOptional as SkipWhenNullOrMissing, ValidateIf, type ValidationOptions } from 'class-validator';

/**
 * The field may be left out; null is checked like any other value, and so refused unless the
 * field says otherwise. (class-validator's own IsOptional lets null through to the service, where
 * a NOT NULL column turns it into a 500.) Use this one in DTOs.
 */
export function IsOptional(options?: ValidationOptions): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined, options);
}

/** The field may be left out or null, where null means something ("clear the due date"). */
export function IsNullable(options?: ValidationOptions): PropertyDecorator {
  return SkipWhenNullOrMissing(options);
}
