/** Helpers the environment schemas share: secrets marked as such, and strings read as numbers and booleans. */
const SENSITIVE = new Set<string>();

/** Marks a variable whose value must never be printed, logged or echoed in an error. */
export function Sensitive(): PropertyDecorator {
  return (_target, key) => {
    SENSITIVE.add(String(key));
  };
}

export function isSensitive(key: string): boolean {
  return SENSITIVE.has(key);
}

/** Reads a number from an environment string (an empty one stays as it is, for the validator to refuse). */
export const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
export const toBool = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  return value;
};
