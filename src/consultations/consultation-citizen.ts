import { validationFailed } from '../common/ieum.exception.js';
import { isTimeZone } from '../common/time-zone.js';
import type { NewConsultation } from './consultation.repository.js';

const EMAIL = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]+$/;
const PHONE = /^\+?[0-9 ()-]{7,20}$/;
const CASE_NUMBER = /^[A-Za-z0-9가-힣_./-]{1,64}$/;

/** What a citizen (or an investigator booking for one) says about themselves and the complaint. */
export interface CitizenDetails {
  name: string;
  email: string;
  phone?: string | null;
  summary: string;
  caseNumber?: string | null;
  locale?: 'ko' | 'en';
  timeZone?: string;
}

/** The citizen's details, trimmed and checked field by field; every problem is named at once (VALIDATION_FAILED). */
export function checkCitizen(
  input: CitizenDetails,
  nameRequired: boolean,
): Pick<
  NewConsultation,
  'citizenName' | 'citizenEmail' | 'citizenPhone' | 'summary' | 'caseNumber' | 'locale' | 'timeZone'
> {
  const email = input.email.trim().toLowerCase();
  const name = input.name.trim();
  const phone = input.phone?.trim() || null;
  const caseNumber = input.caseNumber?.trim() || null;
  const timeZone = input.timeZone ?? 'Asia/Seoul';
  const problems = [
    ...(EMAIL.test(email) && email.length <= 254 ? [] : [{ field: 'email', problems: ['an e-mail address'] }]),
    ...((nameRequired ? name.length >= 1 : true) && name.length <= 100
      ? []
      : [{ field: 'name', problems: ['a name of 1 to 100 characters'] }]),
    ...(phone === null || PHONE.test(phone)
      ? []
      : [{ field: 'phone', problems: ['a phone number of digits, spaces, +, - and ()'] }]),
    ...(input.summary.trim().length >= 1 && input.summary.length <= 2000
      ? []
      : [{ field: 'summary', problems: ['a summary of 1 to 2000 characters'] }]),
    ...(caseNumber === null || CASE_NUMBER.test(caseNumber)
      ? []
      : [{ field: 'caseNumber', problems: ['up to 64 letters, digits, - . / _'] }]),
    ...(isTimeZone(timeZone) ? [] : [{ field: 'timeZone', problems: ['an IANA time zone such as Asia/Seoul'] }]),
  ];
  if (problems.length > 0) throw validationFailed(problems);
  return {
    citizenName: name || null,
    citizenEmail: email,
    citizenPhone: phone,
    summary: input.summary.trim(),
    caseNumber,
    locale: input.locale ?? 'ko',
    timeZone,
  };
}
