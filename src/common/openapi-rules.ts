import type { OpenAPIObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';

type SchemaOrRef = NonNullable<NonNullable<OpenAPIObject['components']>['schemas']>[string];
type SchemaObject = Exclude<SchemaOrRef, { $ref: string }>;

type Rule = (schema: SchemaObject, constraints: unknown[]) => void;

const num = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;
const setIfAbsent = <K extends keyof SchemaObject>(
  schema: SchemaObject,
  key: K,
  value: SchemaObject[K] | undefined,
): void => {
  if (value !== undefined && schema[key] === undefined) schema[key] = value;
};

/** class-validator's decorator names, and the schema keywords each one states. */
const VALUE_RULES: Record<string, Rule> = {
  maxLength: (s, [max]) => setIfAbsent(s, 'maxLength', num(max)),
  minLength: (s, [min]) => setIfAbsent(s, 'minLength', num(min)),
  isLength: (s, [min, max]) => {
    setIfAbsent(s, 'minLength', num(min));
    setIfAbsent(s, 'maxLength', num(max));
  },
  matches: (s, [pattern]) =>
    setIfAbsent(
      s,
      'pattern',
      pattern instanceof RegExp ? pattern.source : typeof pattern === 'string' ? pattern : undefined,
    ),
  min: (s, [min]) => setIfAbsent(s, 'minimum', num(min)),
  max: (s, [max]) => setIfAbsent(s, 'maximum', num(max)),
  isInt: (s) => {
    if (s.type === 'number') s.type = 'integer';
  },
  isIn: (s, [values]) => setIfAbsent(s, 'enum', Array.isArray(values) ? values : undefined),
  isUuid: (s) => setIfAbsent(s, 'format', 'uuid'),
  isEmail: (s) => setIfAbsent(s, 'format', 'email'),
};
/** Rules about the array itself, whatever `each` says. */
const ARRAY_RULES: Record<string, Rule> = {
  arrayMaxSize: (s, [max]) => setIfAbsent(s, 'maxItems', num(max)),
  arrayMinSize: (s, [min]) => setIfAbsent(s, 'minItems', num(min)),
};

/**
 * States the class-validator rules of the request DTOs (lengths, patterns, ranges, enums, sizes)
 * in the document's schemas, where @nestjs/swagger leaves them out without its compiler plugin:
 * the rules stay written once, on the DTO, and the document follows them. A keyword an
 * @ApiProperty already sets is kept.
 */
export function addValidationRules(document: OpenAPIObject): OpenAPIObject {
  const schemas = document.components?.schemas ?? {};
  const storage = getMetadataStorage();
  // The storage has no public list of classes; its map is keyed by them.
  const targets = (storage as unknown as { validationMetadatas?: Map<unknown, unknown> }).validationMetadatas;
  if (!(targets instanceof Map)) return document;
  for (const target of targets.keys()) {
    if (typeof target !== 'function') continue;
    const schema = schemas[target.name] as SchemaObject | undefined;
    if (!schema?.properties) continue;
    for (const meta of storage.getTargetValidationMetadatas(target, '', true, false)) {
      const property = schema.properties[meta.propertyName] as SchemaObject | undefined;
      if (!property || '$ref' in property || !meta.name) continue;
      const constraints = (meta.constraints ?? []) as unknown[];
      const arrayRule = ARRAY_RULES[meta.name];
      if (arrayRule) {
        arrayRule(property, constraints);
        continue;
      }
      const valueRule = VALUE_RULES[meta.name];
      const items = property.items as SchemaObject | undefined;
      const into = meta.each && items && !('$ref' in items) ? items : meta.each ? undefined : property;
      if (valueRule && into) valueRule(into, constraints);
    }
  }
  return document;
}
