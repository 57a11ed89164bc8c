// Contacts in prose: who is named, and how to reach them (e-mail, @handle, chat channel, phone, paging
// service), plus the template stand-ins vendors leave behind (TBD, John Doe, you@example.com, @org/team-name).
// Pure and linear: text in, mentions out. Every regex is bounded and has no nested quantifiers.

export type ReachKind = 'email' | 'handle' | 'channel' | 'phone' | 'paging' | 'chat-url' | 'issue-tracker';

export interface ContactMention {
  kind: ReachKind;
  value: string;
  line: number;
  /** A template stand-in, not a real way to reach anyone. */
  placeholder: boolean;
}

export interface ContactScan {
  reach: ContactMention[];
  /** Placeholder text (TBD, John Doe, [More Information Needed], <your name>) with its line. */
  placeholders: Array<{ text: string; line: number }>;
  /** Lines that name a person or a team. */
  namedLines: number[];
}

const MAX_LINES = 5000;
const MAX_LINE_CHARS = 2000;

const EMAIL = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,6}/g;
const HANDLE = /(^|[\s(,;:[`'"])@([A-Za-z0-9][A-Za-z0-9-]{0,38}(?:\/[A-Za-z0-9][\w.-]{0,99})?)/g;
const CHANNEL = /(^|[\s(,;:`'"])#([a-z][a-z0-9._-]{1,79})/g;
const PHONE = /\+\d[\d ().-]{6,18}\d/g;
const PAGING = /\b(pagerduty|opsgenie|victorops|splunk on-?call|incident\.io|servicenow|jira service (?:desk|management)|on-?call rotation)\b/gi;
/** "file a GitHub issue", "our issue tracker", `…/issues`: a support channel open-source projects name instead of people. */
const ISSUE_TRACKER = /\b(?:github|gitlab|jira|bitbucket) issues?\b|\bissue tracker\b|\b(?:file|open|raise|create) (?:an?|new) (?:github )?issues?\b|https?:\/\/[^\s)>\]]{1,200}\/issues\b/gi;
const CHAT_URL = /https?:\/\/(?:[a-z0-9-]{1,63}\.)?(?:slack\.com|teams\.microsoft\.com|discord\.gg|discord\.com|mattermost\.[a-z]{2,10}|chat\.google\.com)\/[^\s)>\]]{0,300}/gi;

const PLACEHOLDER_TEXT =
  /\b(?:TBD|TBA|TODO|FIXME|XXX)\b|\[more information needed\]|\b(?:john|jane) (?:doe|smith)\b|\bj(?:ohn|ane)[._]doe\b|<[a-z _-]{1,40}>|\byour[ _.-]?(?:name|e-?mail|team|org(?:anisation|anization)?|company|handle)\b|lorem ipsum/gi;
const SLOT_WORDS = /name|e-?mail|team|owner|contact|handle/i;
const PLACEHOLDER_DOMAIN = /@(?:example\.(?:com|org|net)|(?:your-?)?(?:domain|company|email|mail|org|corp)\.(?:com|org|net)|test\.com|acme\.(?:com|org))$/i;
const PLACEHOLDER_LOCAL = /^(?:name|user|username|you|your\.?name|first\.?last|firstname\.?lastname|someone|somebody|owner|contact|email|me|foo|bar|test|todo|tbd)@/i;
const PLACEHOLDER_HANDLES = new Set([
  'username', 'user', 'owner', 'owners', 'someone', 'somebody', 'todo', 'tbd', 'team', 'me', 'example', 'octocat', 'doctocat',
  'js-owner', 'css-owner', 'global-owner1', 'global-owner2', 'doc-owner-team', 'org/team', 'org/team-name', 'org/teamname',
  'octo-org/octocats', 'my-org/my-team', 'your-org/your-team', 'organization/team', 'orgname/teamname', 'company/team',
]);
const PLACEHOLDER_HANDLE = /^(?:your[-_]?\w*|my[-_]?(?:org|team|user|name)\w*|(?:org|organi[sz]ation|orgname|company|owner)\/\w[\w.-]*|[\w.-]+\/(?:team[-_]?name|your[-_]?team|my[-_]?team))$/i;
/** A person's name (two capitalised words) or a team-like word. */
const NAMED = /\b[A-Z][a-z]{1,30}(?:[ -][A-Z][a-z]{1,30}){1,3}\b|\b(?:team|squad|analytics|engineering|platform|on-?call|support|operations|ops|department|group|lead|owner|maintainers?|rotation)\b/i;

/** Ways to reach someone, placeholders and named lines in a block of text starting at `firstLine`. */
export function scanContacts(text: string, firstLine = 1): ContactScan {
  const reach: ContactMention[] = [];
  const placeholders: Array<{ text: string; line: number }> = [];
  const namedLines: number[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length && i < MAX_LINES; i++) {
    const line = firstLine + i;
    const raw = lines[i].length > MAX_LINE_CHARS ? lines[i].slice(0, MAX_LINE_CHARS) : lines[i];
    const emails = new Set<string>();
    for (const match of raw.matchAll(EMAIL)) {
      const value = match[0].replace(/(?<!\.)\.+$/, '');
      emails.add(value);
      reach.push({ kind: 'email', value, line, placeholder: isPlaceholderEmail(value) });
    }
    for (const match of raw.matchAll(HANDLE)) {
      const handle = `@${match[2].replace(/(?<![.-])[.-]+$/, '')}`;
      if ([...emails].some((email) => email.includes(handle))) continue;
      reach.push({ kind: 'handle', value: handle, line, placeholder: isPlaceholderHandle(handle) });
    }
    for (const match of raw.matchAll(CHANNEL)) {
      if (isLinkAnchor(raw, match.index ?? 0, match[1])) continue;
      reach.push({ kind: 'channel', value: `#${match[2].replace(/(?<![._-])[._-]+$/, '')}`, line, placeholder: /^#(channel|your|team|slack)/i.test(`#${match[2]}`) });
    }
    for (const match of raw.matchAll(PHONE)) {
      const digits = match[0].replace(/\D/g, '');
      if (digits.length >= 8) reach.push({ kind: 'phone', value: match[0].trim(), line, placeholder: /^(\d)\1+$|0{6,}|123456/.test(digits) });
    }
    for (const match of raw.matchAll(PAGING)) reach.push({ kind: 'paging', value: match[0], line, placeholder: false });
    for (const match of raw.matchAll(CHAT_URL)) reach.push({ kind: 'chat-url', value: match[0], line, placeholder: false });
    for (const match of raw.matchAll(ISSUE_TRACKER)) reach.push({ kind: 'issue-tracker', value: match[0].toLowerCase(), line, placeholder: false });
    for (const match of raw.matchAll(PLACEHOLDER_TEXT)) {
      // `<your name>` counts, `<br>` does not: the slot must name what is missing.
      if (match[0].startsWith('<') && !SLOT_WORDS.test(match[0])) continue;
      placeholders.push({ text: match[0], line });
    }
    if (NAMED.test(raw.replace(EMAIL, ' ').replace(PLACEHOLDER_TEXT, ' '))) namedLines.push(line);
  }
  return { reach, placeholders, namedLines };
}

/**
 * `#reporting-bugs` as a link target is a heading anchor, not a chat channel: `[Reporting bugs](#reporting-bugs)`,
 * a reference definition `[bugs]: #reporting-bugs`, or `href="#reporting-bugs"`. `start` is where the match
 * (its leading character `lead` included) starts in `line`.
 */
function isLinkAnchor(line: string, start: number, lead: string): boolean {
  const before = line.slice(Math.max(0, start - 8), start);
  if (lead === '(' && before.endsWith(']')) return true;
  if ((lead === '"' || lead === "'") && /href\s{0,2}=\s{0,2}$/i.test(before)) return true;
  return REFERENCE_DEFINITION.test(line.slice(0, start + lead.length));
}
const REFERENCE_DEFINITION = /^\s{0,3}\[[^\]]{1,200}\]:\s{0,10}$/;

export function isPlaceholderEmail(email: string): boolean {
  return PLACEHOLDER_DOMAIN.test(email) || PLACEHOLDER_LOCAL.test(email) || /(?:john|jane)[._-]?doe/i.test(email);
}

export function isPlaceholderHandle(handle: string): boolean {
  const name = handle.replace(/^@+/, '').toLowerCase();
  return PLACEHOLDER_HANDLES.has(name) || PLACEHOLDER_HANDLE.test(name);
}

/** A CODEOWNERS owner (`@user`, `@org/team`, e-mail) that is a template stand-in. */
export function isPlaceholderOwner(owner: string): boolean {
  return owner.includes('@') && !owner.startsWith('@') ? isPlaceholderEmail(owner) : isPlaceholderHandle(owner);
}

/** Distinct real (non-placeholder) ways to reach someone. */
export function realReach(scan: ContactScan): ContactMention[] {
  const seen = new Set<string>();
  const out: ContactMention[] = [];
  for (const mention of scan.reach) {
    const key = `${mention.kind}\0${mention.value.toLowerCase()}`;
    if (mention.placeholder || seen.has(key)) continue;
    seen.add(key);
    out.push(mention);
  }
  return out;
}
