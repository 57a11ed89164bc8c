// Which licence a LICENSE/COPYING file (or a package manifest field) states, identified as an SPDX id from
// the licences' own key phrases, an `SPDX-License-Identifier:` tag, or a standard short header. Pure.

export interface LicenseIdentification {
  /** SPDX identifier (or `LicenseRef-Proprietary`), null when nothing is recognised. */
  spdx: string | null;
  /** How it was recognised. */
  basis: 'spdx-tag' | 'full-text' | 'header' | 'none';
  /** Template slots left unfilled, e.g. `[year] [fullname]`, with their lines. */
  placeholders: Array<{ line: number; text: string }>;
  /** The first copyright line's holder, as written. */
  copyright: string | null;
}

/** Key phrases, most specific first (LGPL before GPL, MIT-0 after MIT). */
const LICENSE_PHRASES: ReadonlyArray<[string, RegExp[]]> = [
  ['AGPL-3.0-only', [/GNU AFFERO GENERAL PUBLIC LICENSE/i, /Version 3/i]],
  ['LGPL-3.0-only', [/GNU LESSER GENERAL PUBLIC LICENSE/i, /Version 3/i]],
  ['LGPL-2.1-only', [/GNU LESSER GENERAL PUBLIC LICENSE/i, /Version 2\.1/i]],
  ['GPL-3.0-only', [/GNU GENERAL PUBLIC LICENSE/i, /Version 3, 29 June 2007/i]],
  ['GPL-2.0-only', [/GNU GENERAL PUBLIC LICENSE/i, /Version 2, June 1991/i]],
  ['Apache-2.0', [/Apache License/i, /Version 2\.0/i, /TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION/i]],
  ['MPL-2.0', [/Mozilla Public License,? (?:Version|v\.?) ?2\.0/i]],
  ['EPL-2.0', [/Eclipse Public License - v 2\.0/i]],
  ['BSL-1.0', [/Boost Software License - Version 1\.0/i]],
  ['Unlicense', [/This is free and unencumbered software released into the public domain/i]],
  ['CC0-1.0', [/CC0 1\.0 Universal/i]],
  ['CC-BY-NC-SA-4.0', [/Attribution-NonCommercial-ShareAlike 4\.0 International/i]],
  ['CC-BY-NC-4.0', [/Attribution-NonCommercial 4\.0 International/i]],
  ['CC-BY-SA-4.0', [/Attribution-ShareAlike 4\.0 International/i]],
  ['CC-BY-4.0', [/Attribution 4\.0 International/i]],
  ['ISC', [/Permission to use, copy, modify, and(?:\/or)? distribute this software for any\s+purpose with or without fee is hereby granted/i]],
  ['MIT', [/Permission is hereby granted, free of charge, to any person obtaining a copy/i, /The above copyright notice and this permission notice shall be included/i]],
  ['MIT-0', [/Permission is hereby granted, free of charge, to any person obtaining a copy/i]],
  ['BSD-3-Clause', [/Redistribution and use in source and binary forms/i, /Neither the name of/i]],
  ['BSD-2-Clause', [/Redistribution and use in source and binary forms/i]],
];

/** Standard short notices that point at a full licence rather than reproduce it. */
const HEADERS: ReadonlyArray<[string, RegExp]> = [
  ['Apache-2.0', /Licensed under the Apache License,? Version 2\.0/i],
  ['GPL-3.0-or-later', /under the terms of the GNU General Public License as published by\s+the Free Software Foundation,? either version 3/i],
  ['MIT', /\b(released|licensed|available) under the MIT License\b/i],
];

const PROPRIETARY = [/all rights reserved/i, /(proprietary|confidential|may not be (copied|used|distributed|reproduced)|without (the )?(prior )?(express )?written (permission|consent)|unauthori[sz]ed (copying|use))/i];

const PLACEHOLDER = /\[(year|yyyy|fullname|full name|name of copyright owner|copyright holders?|owner|author|name)\]|<(year|copyright holders?|owner|name of author)>|\{\{?\s*(year|fullname|author|owner)\s*\}?\}|\bYOUR NAME\b|\b20XX\b/i;

export function identifyLicense(text: string): LicenseIdentification {
  const body = text.length > 200_000 ? text.slice(0, 200_000) : text;
  // Apache's own text ends with an APPENDIX whose `[yyyy] [name of copyright owner]` is meant to stay.
  // `[ \t]*`: `^\s*` with the m flag is quadratic on a file of blank lines.
  const appendix = body.search(/^[ \t]*APPENDIX: How to apply/im);
  const main = appendix === -1 ? body : body.slice(0, appendix);
  const placeholders: LicenseIdentification['placeholders'] = [];
  let copyright: string | null = null;
  const lines = main.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (PLACEHOLDER.test(line)) placeholders.push({ line: i + 1, text: line.trim().slice(0, 120) });
    const holder = /^\s*Copyright\s*(?:\(c\)|©)?\s*(.+)$/i.exec(line);
    if (!copyright && holder && !/notice|holders? and contributors/i.test(holder[1])) copyright = holder[1].replace(/(?:\.|(?<!\s))\s*All rights reserved\.?\s*$/i, '').trim().slice(0, 160);
  }

  const tag = /SPDX-License-Identifier:\s*([A-Za-z0-9.+()-][A-Za-z0-9.+() -]{1,119}?)\s*(?:\*\/|-->|$)/m.exec(body);
  if (tag) return { spdx: tag[1].trim(), basis: 'spdx-tag', placeholders, copyright };
  for (const [spdx, phrases] of LICENSE_PHRASES) {
    if (phrases.every((phrase) => phrase.test(main))) return { spdx, basis: 'full-text', placeholders, copyright };
  }
  for (const [spdx, phrase] of HEADERS) if (phrase.test(main)) return { spdx, basis: 'header', placeholders, copyright };
  if (PROPRIETARY.every((phrase) => phrase.test(main))) return { spdx: 'LicenseRef-Proprietary', basis: 'full-text', placeholders, copyright };
  return { spdx: null, basis: 'none', placeholders, copyright };
}

/** Common ways manifests write licences, mapped to SPDX: `Apache 2.0`, `BSD`, the trove classifier names. */
const NAMES: ReadonlyArray<[RegExp, string]> = [
  [/^(apache( software)?( license)?,?( version)? ?2(\.0)?|apache-2\.0|apache2|asl ?2(\.0)?)$/i, 'Apache-2.0'],
  [/^(mit( license)?|expat)$/i, 'MIT'],
  [/^(bsd[- ]?3[- ]?clause|new bsd( license)?|modified bsd( license)?|bsd license|bsd)$/i, 'BSD-3-Clause'],
  [/^(bsd[- ]?2[- ]?clause|simplified bsd( license)?|freebsd)$/i, 'BSD-2-Clause'],
  [/^(isc( license)?( \(iscl\))?)$/i, 'ISC'],
  [/^(mpl[- ]?2(\.0)?|mozilla public license 2\.0( \(mpl 2\.0\))?)$/i, 'MPL-2.0'],
  [/^(gpl-?3(\.0)?(\+|-or-later)?|gnu general public license v3( or later)?( \(gplv3\+?\))?)$/i, 'GPL-3.0'],
  [/^(gpl-?2(\.0)?|gnu general public license v2( \(gplv2\))?)$/i, 'GPL-2.0'],
  [/^(lgpl-?3(\.0)?|gnu lesser general public license v3( \(lgplv3\))?)$/i, 'LGPL-3.0'],
  [/^(unlicense|the unlicense( \(unlicense\))?)$/i, 'Unlicense'],
  [/^(proprietary|other\/proprietary license|commercial|closed|all rights reserved|unlicensed)$/i, 'LicenseRef-Proprietary'],
];

/** SPDX id for a manifest licence string or trove classifier; SPDX expressions pass through. */
export function spdxFromName(written: string): string | null {
  const text = written.replace(/^License :: (OSI Approved :: )?/i, '').trim();
  if (!text) return null;
  for (const [pattern, spdx] of NAMES) if (pattern.test(text)) return spdx;
  if (/^[A-Za-z0-9.+-]+( (AND|OR|WITH) [A-Za-z0-9.+-]+)*$/.test(text) && /\d|^(MIT|ISC|Unlicense|BSD|Zlib|LicenseRef-[\w.-]+)/.test(text)) return text;
  return null;
}

/** Two SPDX ids name the same licence family (`GPL-3.0` ~ `GPL-3.0-only` ~ `GPL-3.0-or-later`). */
export function sameLicense(a: string, b: string): boolean {
  const family = (id: string) => {
    const lower = id.toLowerCase();
    // Any proprietary LicenseRef (`LicenseRef-Kestrel-Proprietary`) is the same family as a proprietary notice.
    if (lower.startsWith('licenseref-') && /proprietary|all-rights-reserved|commercial/.test(lower)) return 'licenseref-proprietary';
    return lower.replace(/-(only|or-later)$|\+$/, '');
  };
  return family(a) === family(b);
}
