// Personal-data detectors: e-mail addresses, phone numbers, national identifiers (US SSN, UK NINO), IBANs and
// payment-card numbers in a piece of text. Pure: text in, kinds and offsets out; values never leave this module
// except as offsets, so callers can count and locate without keeping what they found.
// Validation keeps false positives down: IBANs must pass ISO 13616 mod-97 and the country's length, card numbers
// the Luhn check and a known issuer prefix, SSNs the ranges the SSA never issues. Every regex is linear-time:
// bounded repetitions only, and no quantified group whose body can match the same text two ways.

export type PersonalDataKind = 'email' | 'phone' | 'us-ssn' | 'uk-nino' | 'iban' | 'payment-card';

export interface Detection {
  kind: PersonalDataKind;
  start: number;
  end: number;
}

export const KIND_LABELS: Readonly<Record<PersonalDataKind, { one: string; many: string }>> = {
  email: { one: 'e-mail address', many: 'e-mail addresses' },
  phone: { one: 'phone number', many: 'phone numbers' },
  'us-ssn': { one: 'US social security number-like identifier', many: 'US social security number-like identifiers' },
  'uk-nino': { one: 'UK national insurance number-like identifier', many: 'UK national insurance number-like identifiers' },
  iban: { one: 'IBAN (checksum valid)', many: 'IBANs (checksum valid)' },
  'payment-card': { one: 'payment card number (Luhn valid)', many: 'payment card numbers (Luhn valid)' },
};

export function describeCount(kind: PersonalDataKind, count: number): string {
  return `${count} ${count === 1 ? KIND_LABELS[kind].one : KIND_LABELS[kind].many}`;
}

/** Longest line the detectors look at; longer lines are cut (a minified blob is not a record). */
export const MAX_DETECT_CHARS = 64 * 1024;

const EMAIL = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}([A-Za-z]{2,24})(?![A-Za-z0-9-])/g;
/** `icon@2x.png` and `pkg@1.2.js` are file names, not addresses. */
const FILE_EXTENSION_TLD = /^(png|jpe?g|gif|svg|webp|ico|bmp|css|js|mjs|ts|tsx|py|md|json|ya?ml|html?|txt|csv|zip|gz|whl|tar)$/i;
/**
 * Generic top-level domains in real use, and the reserved or private ones synthetic and internal addresses use
 * (`.example`, `.internal`); any two letters is a country code. `@ray.remote`, `@serve.deployment`,
 * `q@k.transpose` (decorators and matrix products in code and notebook text) end in no top-level domain.
 */
const GENERIC_TLDS = new Set(
  'com org net edu gov mil int info biz name pro aero coop museum jobs mobi travel asia cat tel post xxx io ai app dev tech cloud online site xyz email digital agency company solutions services systems network media news blog shop store health care law legal bank finance money insurance consulting partners group global world international team works studio design academy school university science research institute foundation charity ngo gmbh ltd llc inc example test invalid local localhost internal corp lan'.split(' '),
);

/**
 * `mysql://root:secret@host`, `ssh://git@host` (also JSON-escaped, `:\/\/`): the part before `@` is a URL's
 * user or password, not a mailbox. Looks back at most 130 characters, with string methods only.
 */
/**
 * Stand-in mailboxes of templates, docs and model output: a local part that names the role of an address
 * (`user`, `name`, `your.email`, `example`, `test`, `foo`, `john.smith`, digits only) or a domain that is a placeholder
 * (`domain.com`, `yourcompany.com`, `bar.com`, `xyz.com`, `test.com`). `alex.example@example.com` still counts:
 * a reserved domain alone does not say the person is made up.
 */
const PLACEHOLDER_LOCAL = /^(?:user(?:name)?|name|e?mail|my[._]?e?mail|your[._]?(?:e?mail|name)|example|sample|test(?:ing)?|demo|foo|bar|someone|somebody|anyone|me|you|first[._]?last|firstname[._]?lastname|(?:john|jane)[._]?(?:doe|smith)|abc|xyz|\d{1,6})$/i;
const PLACEHOLDER_DOMAIN = /^(?:(?:your|my|some)[-_]?(?:company|domain|org(?:anization)?|business|site|website)|domain|company|email|mail-?domain|foo|bar|baz|test|xyz|abc|acme)\.[a-z]{2,6}$/i;

export function isPlaceholderAddress(address: string): boolean {
  const at = address.lastIndexOf('@');
  return PLACEHOLDER_LOCAL.test(address.slice(0, at)) || PLACEHOLDER_DOMAIN.test(address.slice(at + 1));
}

/** Seven subscriber digits of one repeated digit or a run (`555-5555`, `123-4567`), whatever the area code. */
export function isFillerNumber(digits: string): boolean {
  const last = digits.slice(-7);
  return /^(\d)\1{6}$/.test(last) || '01234567890'.includes(last) || '9876543210'.includes(last) || /^(\d{3})\1/.test(digits.slice(-10, -4)) && /^(\d)\1{3}$/.test(digits.slice(-4));
}

function isUrlUserInfo(source: string, start: number): boolean {
  const previous = source.charAt(start - 1);
  if (previous !== ':' && previous !== '/') return false;
  const before = source.slice(Math.max(0, start - 130), previous === ':' ? start - 1 : start);
  if (previous === '/') return before.endsWith('//') || before.endsWith('\\/\\/');
  const plain = before.lastIndexOf('//');
  const escaped = before.lastIndexOf('\\/\\/');
  const user = escaped > plain ? before.slice(escaped + 4) : plain === -1 ? null : before.slice(plain + 2);
  return user !== null && user.length <= 64 && !/[\s/@:\\]/.test(user);
}

function isTopLevelDomain(label: string): boolean {
  return label.length === 2 || GENERIC_TLDS.has(label.toLowerCase());
}
const IBAN = /(?<![A-Za-z0-9])([A-Z]{2})(\d{2})((?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?)(?![A-Za-z0-9])/g;
// Not inside a longer run of numbers (`4001 4003 4007 4013 4019`, a list of primes): a card stands alone.
const CARD = /(?<![\d-]|\d[ -])(?:\d{4}([ -])\d{4}\1\d{4}\1\d{4}|\d{4}([ -])\d{6}\2\d{5})(?![\d-]|[ -]\d)/g;
const SSN = /(?<![\d-])(\d{3})-(\d{2})-(\d{4})(?![\d-])/g;
const NINO = /(?<![A-Za-z0-9])([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]) ?(\d{2}) ?(\d{2}) ?(\d{2}) ?([A-D])(?![A-Za-z0-9])/g;
/** +CC then separated groups (`+44 20 7946 0018`, `+1-206-555-0142`) or one run (`+442079460018`). */
const PHONE_INTERNATIONAL = /(?<![\w+])\+(?:[1-9]\d{0,2}(?:[ .-]?\(\d{1,4}\))?(?:[ .-]\d{1,8}){1,5}|[1-9]\d{7,14})(?![\d.]|[eE]\d)/g;
/** North American `(206) 555-0142`, `206-555-0142`, `206.555.0142`: separators required. */
const PHONE_NANP = /(?<![\w.-]|\d[ ,])(?:\(\d{3}\) ?|\d{3}[ .-])\d{3}[ .-]\d{4}(?![\w.-]|[ ,]\d)/g;
/** National numbers with a trunk 0: `020 7946 0018`, `030 1234 5678`, `0161-496-0000`. */
// Word characters around it (`2b2ea058-4441-459a`) make it part of an identifier such as a UUID; more digit
// groups around it (`10 100 000 000 000 000`, `1,073 481 878`) make it part of a large number.
const PHONE_TRUNK = /(?<![\w.-]|\d[ ,])0\d{2,4}[ -]\d{3,4}[ -]?\d{3,4}(?![\w.-]|[ ,]\d)/g;

/** Column or field names that say what a bare number is (a 10-digit value alone could be anything). */
export const HINTS = {
  email: /e[-_ ]?mail/i,
  phone: /phone|mobile|msisdn|\btel(ephone)?\b|^tel[-_]|cell[-_ ]?(no|number)?$/i,
  'us-ssn': /\bssn\b|^ssn|social[-_ ]?security|national[-_ ]?id|\bnino\b|tax[-_ ]?id/i,
  'payment-card': /card[-_ ]?(number|no|num)|^pan$|\bcc[-_]?(number|num|no)\b|credit[-_ ]?card/i,
} as const;
const BARE_PHONE = /^\+?\d{8,15}$/;
const BARE_SSN = /^\d{9}$/;
const BARE_CARD = /^\d{13,19}$/;

/**
 * Every personal-data value in `text`, non-overlapping, in text order. `field` is the column or key the text
 * came from, when known: it lets bare numbers count (a 9-digit value in an `ssn` column).
 */
export function detectPersonalData(text: string, field?: string): Detection[] {
  const source = text.length > MAX_DETECT_CHARS ? text.slice(0, MAX_DETECT_CHARS) : text;
  const found: Detection[] = [];
  const taken = (start: number, end: number) => found.some((d) => start < d.end && end > d.start);
  const add = (kind: PersonalDataKind, start: number, end: number) => {
    if (!taken(start, end)) found.push({ kind, start, end });
  };
  if (source.includes('@')) {
    for (const match of source.matchAll(EMAIL)) {
      if (FILE_EXTENSION_TLD.test(match[1]) || !isTopLevelDomain(match[1]) || isUrlUserInfo(source, match.index)) continue;
      // `foo@bar.com`, `your.email@domain.com`, `user@example.com`: a template's stand-in, not a person's mailbox.
      if (isPlaceholderAddress(match[0])) continue;
      // `git@github.com:owner/repo`: an SSH remote (user@host:path), not a mailbox.
      if (source.charAt(match.index + match[0].length) === ':' && /^(git|ssh|root|ubuntu|ec2-user|admin)@/i.test(match[0])) continue;
      // `\n@ray.remote` in JSON text: the `n` belongs to the escape, not to an address.
      const escaped = source.charAt(match.index - 1) === '\\' ? 1 : 0;
      if (escaped && match[0].indexOf('@') === 1) continue;
      add('email', match.index + escaped, match.index + match[0].length);
    }
  }
  if (/[A-Z]{2}\d{2}/.test(source)) {
    for (const match of source.matchAll(IBAN)) {
      if (validIban(match[0])) add('iban', match.index, match.index + match[0].length);
    }
  }
  if (/\d/.test(source)) {
    for (const match of source.matchAll(CARD)) {
      if (validCard(match[0])) add('payment-card', match.index, match.index + match[0].length);
    }
    for (const match of source.matchAll(SSN)) {
      if (plausibleSsn(match[1], match[2], match[3])) add('us-ssn', match.index, match.index + match[0].length);
    }
    for (const match of source.matchAll(NINO)) {
      if (plausibleNinoPrefix(match[1])) add('uk-nino', match.index, match.index + match[0].length);
    }
    for (const pattern of [PHONE_INTERNATIONAL, PHONE_NANP, PHONE_TRUNK]) {
      for (const match of source.matchAll(pattern)) {
        const digits = match[0].replace(/\D/g, '');
        // `(555) 555-5555`, `123-456-7890`: the filler of a form or a model's answer, not anyone's number.
        if (digits.length >= 8 && digits.length <= 15 && !isFillerNumber(digits)) add('phone', match.index, match.index + match[0].length);
      }
    }
    if (field) addHinted(source, field, add);
  }
  return found.sort((a, b) => a.start - b.start);
}

/** A whole field that is a bare number, accepted when its column name says what it is. */
function addHinted(text: string, field: string, add: (kind: PersonalDataKind, start: number, end: number) => void): void {
  const trimmed = text.trim();
  if (trimmed.length > 32) return;
  const start = text.indexOf(trimmed);
  const end = start + trimmed.length;
  const compact = trimmed.replace(/[ ()-]/g, '');
  if (HINTS.phone.test(field) && BARE_PHONE.test(compact)) add('phone', start, end);
  else if (HINTS['us-ssn'].test(field) && BARE_SSN.test(compact) && plausibleSsn(compact.slice(0, 3), compact.slice(3, 5), compact.slice(5))) add('us-ssn', start, end);
  else if (HINTS['payment-card'].test(field) && BARE_CARD.test(compact) && validCard(compact)) add('payment-card', start, end);
}

/** Lengths by country (ISO 13616 registry, the common SEPA and European countries plus a few others). */
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AT: 20, BE: 16, BG: 22, CH: 21, CY: 28, CZ: 24, DE: 22, DK: 18, EE: 20, ES: 24, FI: 18, FO: 18,
  FR: 27, GB: 22, GI: 23, GL: 18, GR: 27, HR: 21, HU: 28, IE: 22, IL: 23, IS: 26, IT: 27, LI: 21, LT: 20, LU: 20,
  LV: 21, MC: 27, MT: 31, NL: 18, NO: 15, PL: 28, PT: 25, RO: 24, SA: 24, SE: 24, SI: 19, SK: 24, SM: 27, TR: 26,
  UA: 29, VA: 22,
};

/** ISO 13616: known country length, then the rearranged number taken mod 97 must be 1. */
export function validIban(value: string): boolean {
  const iban = value.replace(/ /g, '').toUpperCase();
  const expected = IBAN_LENGTHS[iban.slice(0, 2)];
  if (!expected || iban.length !== expected) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const digits = code >= 65 && code <= 90 ? String(code - 55) : ch;
    for (const digit of digits) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let n = digits.charCodeAt(i) - 48;
    if (n < 0 || n > 9) return false;
    if (double) {
      n *= 2;
      if (n > 9) n -= 9;
    }
    sum += n;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Visa, Mastercard (51–55, 2221–2720), Amex (34, 37), Discover (6011, 644–649, 65), with the Luhn check. */
function validCard(value: string): boolean {
  const digits = value.replace(/[ -]/g, '');
  if (digits.length < 13 || digits.length > 19) return false;
  if (!/^(4|5[1-5]|2[2-7]|3[47]|6011|64[4-9]|65)/.test(digits)) return false;
  if (/^(\d)\1+$/.test(digits)) return false;
  return luhnValid(digits);
}

/** The SSA never issues area 000 or 666, group 00 or serial 0000; 9xx (ITINs) are still personal identifiers. */
function plausibleSsn(area: string, group: string, serial: string): boolean {
  return area !== '000' && area !== '666' && group !== '00' && serial !== '0000';
}

/** HMRC never allocates these prefixes. */
function plausibleNinoPrefix(prefix: string): boolean {
  return !['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ'].includes(prefix);
}
