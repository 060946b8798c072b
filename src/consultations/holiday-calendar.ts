import { getHolidayPreset } from '@hyunbinseo/holidays-kr';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { readFile } from 'node:fs/promises';
import { APP_CONFIG, type ResolvedAppConfig } from '../config/app-config.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Korean public and substitute holidays (공휴일, 대체공휴일) from @hyunbinseo/holidays-kr, which
 * follows the gazette's annual almanac, plus an optional data file for years the library does
 * not cover yet. A year neither knows is closed: offering a slot on what may be a holiday is worse
 * than offering none.
 */
@Injectable()
export class HolidayCalendar {
  private readonly logger = new Logger(HolidayCalendar.name);
  private readonly years = new Map<number, Promise<ReadonlyMap<string, readonly string[]> | null>>();
  private extra: Promise<Map<string, string[]>> | undefined;

  constructor(@Inject(APP_CONFIG) private readonly config: ResolvedAppConfig) {}

  /** The holiday names of `day` ("YYYY-MM-DD"): empty on a working day, null when the year is not known. */
  async namesOf(day: string): Promise<readonly string[] | null> {
    const year = await this.year(Number(day.slice(0, 4)));
    return year ? (year.get(day) ?? []) : null;
  }

  /** Days from `from` to `to` (inclusive, "YYYY-MM-DD") that are holidays or fall in a year not known. */
  async closedDays(from: string, to: string): Promise<Set<string>> {
    const closed = new Set<string>();
    for (let day = from; day <= to; day = nextDay(day)) {
      const names = await this.namesOf(day);
      if (names === null || names.length > 0) closed.add(day);
    }
    return closed;
  }

  private year(year: number): Promise<ReadonlyMap<string, readonly string[]> | null> {
    let loaded = this.years.get(year);
    if (!loaded) {
      loaded = this.load(year);
      this.years.set(year, loaded);
    }
    return loaded;
  }

  private async load(year: number): Promise<ReadonlyMap<string, readonly string[]> | null> {
    const extra = [...(await this.extraDays()).entries()].filter(([day]) => day.startsWith(`${year}-`));
    let preset: Readonly<Record<string, readonly string[]>> | null = null;
    try {
      preset = await getHolidayPreset(String(year));
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
    }
    if (!preset && extra.length === 0) {
      this.logger.warn(
        `no holiday data for ${year}: its days offer no consultation slots until CONSULT_HOLIDAYS_FILE lists them`,
      );
      return null;
    }
    return new Map<string, readonly string[]>([...Object.entries(preset ?? {}), ...extra]);
  }

  private extraDays(): Promise<Map<string, string[]>> {
    this.extra ??= this.readExtra();
    return this.extra;
  }

  private async readExtra(): Promise<Map<string, string[]>> {
    const file = this.config.consultations.holidaysFile;
    if (!file) return new Map();
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error(`${file}: expected an object of "YYYY-MM-DD": ["name", …]`);
    const days = new Map<string, string[]>();
    for (const [day, names] of Object.entries(parsed)) {
      if (!DAY.test(day) || !Array.isArray(names) || !names.every((n) => typeof n === 'string'))
        throw new Error(`${file}: ${day} must map a YYYY-MM-DD day to a list of names`);
      days.set(day, names);
    }
    return days;
  }
}

export function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}
