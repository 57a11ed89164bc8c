// Column and field names that usually hold personal data no pattern can recognise (names, birth dates,
// street addresses). A name alone is a hint, not proof: callers count a field only when it holds values.

const PERSONAL_FIELD =
  /^(?:(?:first|last|full|given|family|middle|sur|maiden)[-_ ]?name|(?:customer|client|patient|employee|user|contact|account[-_ ]?holder|card[-_ ]?holder|holder)[-_ ]?(?:full[-_ ]?)?name|date[-_ ]?of[-_ ]?birth|dob|birth[-_ ]?date|birthday|(?:street|home|postal|mailing|billing|shipping|residential)[-_ ]?address|address(?:[-_ ]?line)?[-_ ]?\d?|post[-_ ]?code|postal[-_ ]?code|zip[-_ ]?code|zip|passport(?:[-_ ]?(?:no|number))?|driver'?s?[-_ ]?licen[cs]e(?:[-_ ]?(?:no|number))?|ip[-_ ]?address|ip|national[-_ ]?id(?:[-_ ]?number)?|ssn|nino|tax[-_ ]?id|e[-_ ]?mail(?:[-_ ]?address)?|(?:phone|mobile|cell|telephone)(?:[-_ ]?(?:no|number))?|msisdn)$/i;

/** True for `first_name`, `date_of_birth`, `customer_email`, `contact_phone`, `postcode` and the like. */
export function isPersonalFieldName(name: string): boolean {
  const clean = name.trim().replace(/^["']|["']$/g, '');
  if (clean.length === 0 || clean.length > 64) return false;
  // `customer_email`, `contact_phone`: a known personal suffix after a role prefix.
  const stripped = clean.replace(/^(?:customer|client|patient|employee|user|contact|account|billing|shipping|primary|home|work|personal)[-_ ]/i, '');
  return PERSONAL_FIELD.test(clean) || PERSONAL_FIELD.test(stripped);
}
