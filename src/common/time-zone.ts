/** Whether `zone` is an IANA time zone this runtime knows (or UTC). */
export function isTimeZone(zone: string): boolean {
  return zone === 'UTC' || Intl.supportedValuesOf('timeZone').includes(zone);
}
