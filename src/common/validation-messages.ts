import { getMetadataStorage, type ValidationError } from 'class-validator';
import { fieldLabel, josa } from './field-labels.js';
import type { FieldProblemInput, LocalisedText } from './ieum.exception.js';

interface Rule {
  args: unknown[];
  each: boolean;
}

/** The arguments each of a property's rules was declared with (MaxLength's 200), by rule name. */
function rulesOf(error: ValidationError): Map<string, Rule> {
  const rules = new Map<string, Rule>();
  const target = error.target;
  if (!target || typeof target !== 'object') return rules;
  for (const meta of getMetadataStorage().getTargetValidationMetadatas(target.constructor, '', true, false)) {
    if (meta.propertyName !== error.property) continue;
    rules.set(meta.name ?? meta.type, { args: meta.constraints ?? [], each: meta.each });
  }
  return rules;
}

function n(rule: Rule | undefined): string {
  const value = rule?.args[0];
  return typeof value === 'number' || typeof value === 'string' ? String(value) : '';
}

/** Korean for one broken rule, in the words a person filling a form would use. */
function korean(rule: string, label: string, declared: Rule | undefined): string {
  const subject = declared?.each ? `${label}의 각 값` : label;
  const is = josa(subject, '은/는');
  switch (rule) {
    case 'isString':
      return `${is} 문자여야 합니다.`;
    case 'isInt':
      return `${is} 정수여야 합니다.`;
    case 'isNumber':
      return `${is} 숫자여야 합니다.`;
    case 'isBoolean':
      return `${is} true 또는 false여야 합니다.`;
    case 'isArray':
      return `${is} 목록이어야 합니다.`;
    case 'isObject':
    case 'nestedValidation':
      return `${is} JSON 객체여야 합니다.`;
    case 'maxLength':
      return `${is} ${n(declared)}자 이하로 입력하세요.`;
    case 'minLength':
      return n(declared) === '1' ? `${josa(subject, '을/를')} 입력하세요.` : `${is} ${n(declared)}자 이상 입력하세요.`;
    case 'min':
      return `${is} ${n(declared)} 이상이어야 합니다.`;
    case 'max':
      return `${is} ${n(declared)} 이하여야 합니다.`;
    case 'arrayMaxSize':
      return `${is} 최대 ${n(declared)}개까지 넣을 수 있습니다.`;
    case 'arrayMinSize':
      return `${is} ${n(declared)}개 이상이어야 합니다.`;
    case 'isUuid':
      return `${josa(subject, '이/가')} 올바른 ID가 아닙니다.`;
    case 'isEmail':
      return `${josa(subject, '이/가')} 올바른 이메일 주소가 아닙니다.`;
    case 'isUrl':
      return `${josa(subject, '이/가')} 올바른 인터넷 주소(URL)가 아닙니다.`;
    case 'isDate':
      return `${is} 올바른 날짜와 시각이어야 합니다 (예: 2026-12-01T05:00:00Z).`;
    case 'isIn': {
      const values = Array.isArray(declared?.args[0]) ? (declared.args[0] as unknown[]).map(String).join(', ') : '';
      return values ? `${is} 다음 중 하나여야 합니다: ${values}.` : `${is} 정해진 값 중 하나여야 합니다.`;
    }
    case 'equals':
      return declared?.args[0] === true
        ? `${josa(subject, '이/가')} 필요합니다.`
        : `${is} ${String(declared?.args[0])}이어야 합니다.`;
    case 'matches':
      return `${subject} 형식이 올바르지 않습니다.`;
    case 'whitelistValidation':
      return `알 수 없는 항목입니다(${label}). 빼고 보내세요.`;
    default:
      return `${subject} 값이 올바르지 않습니다.`;
  }
}

/** Rules about the shape of the whole value rather than a field's content: never "missing". */
const SHAPE_RULES = new Set(['whitelistValidation', 'isObject', 'unknownValue']);

function describe(error: ValidationError, field: string): LocalisedText[] {
  const broken = error.constraints ?? {};
  const names = Object.keys(broken);
  const label = fieldLabel(field);
  if (!names.some((name) => SHAPE_RULES.has(name))) {
    // A value left out breaks every rule of its field at once; one sentence says it.
    if (error.value === undefined)
      return [{ en: `${error.property} is required`, ko: `${josa(label, '을/를')} 입력하세요.` }];
    if (error.value === null)
      return [{ en: `${error.property} must not be null`, ko: `${josa(label, '은/는')} 비워 둘 수 없습니다(null).` }];
  }
  const rules = rulesOf(error);
  return names.map((name) => {
    const message = broken[name] ?? name;
    // A rule declared with its own words in both languages ("English / 한국어") keeps them.
    const own = /^(.*?) \/ (.*\p{Script=Hangul}.*)$/su.exec(message);
    return own?.[1] && own[2] ? { en: own[1], ko: own[2] } : { en: message, ko: korean(name, label, rules.get(name)) };
  });
}

/**
 * class-validator's errors as field problems in Korean and English. The English is
 * class-validator's own sentence; the Korean is written here from the rule and its arguments.
 * Needs the errors' target and value (validationError: { target: true, value: true }).
 */
export function describeValidationErrors(errors: ValidationError[], prefix = ''): FieldProblemInput[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: describe(error, field) }] : [];
    return [...own, ...describeValidationErrors(error.children ?? [], field)];
  });
}
