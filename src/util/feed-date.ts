/**
 * Publication dates as feeds, sidecars and page metadata write them, read into ISO 8601. Shared by ingest
 * (supplied dates) and extract (dates found in a page's metadata), so it lives below both.
 */

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

/** The time zones RFC 822 names, as offsets; other zone names leave the offset unknown. */
const ZONES: Record<string, string> = {
  gmt: 'Z',
  ut: 'Z',
  utc: 'Z',
  z: 'Z',
  est: '-05:00',
  edt: '-04:00',
  cst: '-06:00',
  cdt: '-05:00',
  mst: '-07:00',
  mdt: '-06:00',
  pst: '-08:00',
  pdt: '-07:00',
};

const ISO_DATE =
  /^(?<year>\d{4})-(?<month>\d{1,2})-(?<day>\d{1,2})(?:[T ](?<hour>\d{1,2}):(?<minute>\d{2})(?::(?<second>\d{2})(?<fraction>\.\d+)?)?\s*(?<zone>Z|[+-]\d{2}:?\d{2})?)?$/i;

const RFC822_DATE =
  /^(?:[a-z]{3,9},?\s*)?(?<day>\d{1,2})\s+(?<month>[a-z]{3,9})\.?\s+(?<year>\d{4}|\d{2})(?:\s+(?<hour>\d{1,2}):(?<minute>\d{2})(?::(?<second>\d{2}))?(?:\s*(?<zone>[+-]\d{4}|[a-z]{1,5}))?)?$/i;

const MONTH_FIRST_DATE =
  /^(?:[a-z]{3,9},?\s+)?(?<month>[a-z]{3,9})\.?\s+(?<day>\d{1,2}),?\s+(?<year>\d{4})$/i;

/**
 * Numeric dates with a four-digit year: with dots, day first (European use); with slashes or dashes, the
 * order is read only when it is unambiguous (a part above 12 is the day) or does not matter (1/1).
 */
const NUMERIC_DATE =
  /^(?<first>\d{1,2})(?<sep>[./-])(?<second>\d{1,2})\k<sep>(?<year>\d{4})(?:,?\s+(?<hour>\d{1,2}):(?<minute>\d{2})(?::(?<second2>\d{2}))?(?:\s*(?<half>[ap])\.?m\.?)?)?$/i;

/** Dates outside these years are placeholders (0001-01-01, 1970-01-01 is inside and stays), not news. */
const FIRST_YEAR = 1900;
const LAST_YEAR = 2100;

/**
 * A feed date (ISO 8601, RFC 822, "May 6, 2024", "10.12.2022") as ISO 8601, keeping the publisher's own local date and
 * offset (converting to UTC could move an article to the previous or next day); null when it is not a
 * real date ("2024-13-45", "-1"). Never invents: a value that only parses by guesswork is null.
 */
export function normalizeFeedDate(s: string): string | null {
  const t = s.trim();
  const iso = ISO_DATE.exec(t)?.groups;
  if (iso) return isoDate(+iso.year!, +iso.month!, +iso.day!, iso, isoZone(iso.zone));
  // Shaped like ISO 8601 but not quite: a damaged date, not another format.
  if (/^\d{4}-\d{1,2}-\d{1,2}/.test(t)) return null;
  const rfc = RFC822_DATE.exec(t)?.groups;
  if (rfc) {
    const month = MONTHS[rfc.month!.slice(0, 3).toLowerCase()];
    // RFC 2822: a two-digit year below 50 is 20xx, else 19xx.
    const year = rfc.year!.length === 2 ? (+rfc.year! < 50 ? 2000 : 1900) + +rfc.year! : +rfc.year!;
    return month ? isoDate(year, month, +rfc.day!, rfc, rfcZone(rfc.zone)) : null;
  }
  const numeric = NUMERIC_DATE.exec(t)?.groups;
  if (numeric) return numericDate(numeric);
  const monthFirst = MONTH_FIRST_DATE.exec(t)?.groups;
  if (monthFirst) {
    const month = MONTHS[monthFirst.month!.slice(0, 3).toLowerCase()];
    return month ? isoDate(+monthFirst.year!, month, +monthFirst.day!, {}, '') : null;
  }
  // Other spellings only when the text itself names a month and a day and holds a plausible year, and the parse
  // agrees with it: a bare "-1" parses to 2001-01-01 and "2024" to January 1st, which the input never said.
  const year = /(?<![\d-])(?<year>(?:19|20)\d{2})(?!\d)/.exec(t)?.groups?.year;
  const namesMonth = (t.match(/[a-z]{3,}/gi) ?? []).some((w) => MONTHS[w.slice(0, 3).toLowerCase()]);
  const namesDay = /(?<![\d:.])(?:0?[1-9]|[12]\d|3[01])(?![\d:])/.test(t);
  const ms = Date.parse(t);
  if (!year || !namesMonth || !namesDay || Number.isNaN(ms)) return null;
  const parsed = new Date(ms).toISOString();
  return parsed.startsWith(year) ? parsed : null;
}

function numericDate(g: Record<string, string | undefined>): string | null {
  const [first, second] = [+g.first!, +g.second!];
  const dayFirst = g.sep === '.' || first > 12;
  if (!dayFirst && second <= 12 && first !== second) return null; // 03/04/2024: March 4th or 3 April?
  const [day, month] = dayFirst ? [first, second] : [second, first];
  let hour = g.hour;
  if (hour !== undefined && g.half) {
    const h = +hour;
    if (h < 1 || h > 12) return null;
    hour = String((h % 12) + (g.half.toLowerCase() === 'p' ? 12 : 0));
  }
  return isoDate(+g.year!, month, day, { hour, minute: g.minute, second: g.second2 }, '');
}

interface TimeParts {
  hour?: string;
  minute?: string;
  second?: string;
  fraction?: string;
}

/** The date (and time) in ISO form, or null when any part is out of range. */
function isoDate(
  year: number,
  month: number,
  day: number,
  time: TimeParts,
  zone: string | null,
): string | null {
  if (year < FIRST_YEAR || year > LAST_YEAR || month < 1 || month > 12) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth || zone === null) return null;
  const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (time.hour === undefined) return date;
  const [hour, minute, second] = [+time.hour, +time.minute!, +(time.second ?? 0)];
  if (hour > 23 || minute > 59 || second > 60) return null;
  const clock = [hour, minute, second].map((n) => String(n).padStart(2, '0')).join(':');
  return `${date}T${clock}${time.fraction ?? ''}${zone}`;
}

/** An ISO offset as +HH:MM (or Z); null when out of range; '' when there is none. */
function isoZone(zone: string | undefined): string | null {
  if (!zone) return '';
  if (/^z$/i.test(zone)) return 'Z';
  const digits = zone.replace(':', '');
  return offset(digits);
}

function rfcZone(zone: string | undefined): string | null {
  if (!zone) return '';
  if (/^[+-]\d{4}$/.test(zone)) return offset(zone);
  return ZONES[zone.toLowerCase()] ?? '';
}

/** "+0530" as "+05:30"; null beyond ±14:00 or with 60 minutes or more. */
function offset(digits: string): string | null {
  const hours = +digits.slice(1, 3);
  const minutes = +digits.slice(3, 5);
  if (hours > 14 || minutes > 59) return null;
  return `${digits[0]}${digits.slice(1, 3)}:${digits.slice(3, 5)}`;
}
