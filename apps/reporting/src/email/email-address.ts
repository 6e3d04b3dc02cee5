import validator from 'validator';

// Addresses people type: checked with a maintained validator (validator.js isEmail), kept
// as typed for sending, compared lower-cased (the local part is case-insensitive in
// practice everywhere a programme lead will subscribe from).

export const MAX_ADDRESS_LENGTH = 254;

/** Why an address cannot be used, or null when it can. */
export function emailAddressProblem(raw: string, allowLocalDomains = false): string | null {
  if (raw.length > MAX_ADDRESS_LENGTH) return `address must be at most ${MAX_ADDRESS_LENGTH} characters`;
  if (raw.trim() !== raw) return 'address must not start or end with spaces';
  if (
    !validator.isEmail(raw, {
      allow_display_name: false,
      require_tld: !allowLocalDomains,
      allow_ip_domain: false,
      allow_utf8_local_part: true,
    })
  )
    return 'address must be an e-mail address like name@example.org';
  return null;
}

/** How two addresses are compared: the same mailbox whatever the case. */
export function canonicalAddress(address: string): string {
  return address.trim().toLowerCase();
}

/** "lead@example.org" → "l•••@example.org": enough to recognise, not to harvest. */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at <= 0) return '•••';
  return `${address[0]}•••${address.slice(at)}`;
}

/**
 * EMAIL_FROM: "name@example.org" or "IPS reports <name@example.org>". Returns the parsed
 * address and display name; throws a message naming the rule.
 */
export function parseFromAddress(raw: string): { name: string | null; address: string } {
  const named = /^\s*(.*?)\s*<([^<>\s]+)>\s*$/.exec(raw);
  const name = named ? named[1].replace(/^"|"$/g, '') || null : null;
  const address = named ? named[2] : raw.trim();
  if (name !== null && /[\r\n<>"]/.test(name))
    throw new Error('display name must not contain <, >, " or line breaks');
  if (!validator.isEmail(address, { require_tld: false, allow_ip_domain: false }))
    throw new Error(
      'must be an e-mail address, optionally with a display name: "IPS reports <reports@example.org>"',
    );
  return { name, address };
}
