/** ASCII classes: allowed in the local part, allowed in a domain label. */
const LOCAL = 1;
const DOMAIN = 2;
const CLASSES = new Uint8Array(128);
for (const c of "!#$%&'*+/=?^_`{|}~-") CLASSES[c.charCodeAt(0)] = LOCAL;
for (let c = 48; c <= 57; c++) CLASSES[c] = LOCAL | DOMAIN;
for (let c = 65; c <= 90; c++) CLASSES[c] = LOCAL | DOMAIN;
for (let c = 97; c <= 122; c++) CLASSES[c] = LOCAL | DOMAIN;

const AT = 64;
const DOT = 46;
const HYPHEN = 45;
const MAX_LENGTH = 254;
const MAX_LOCAL = 64;
const MAX_LABEL = 63;
const FNV_OFFSET = -2128831035;
const FNV_PRIME = 16777619;

/**
 * Reads an SMTP address as Exchange accepts it in a migration CSV: ASCII; a local part of 1 to 64
 * characters from the RFC 5322 atom set, dots only between them; a domain of two or more labels of
 * letters, digits and inner hyphens, each at most 63 long; 254 characters at most.
 *
 * One pass over the characters also computes a case-insensitive hash of the address, so that large
 * files are checked and de-duplicated without a regular expression or lower-cased copies.
 */
export class AddressScan {
  /** After a successful scan: FNV-1a of the lower-cased address. */
  hash = 0;
  /** After a successful scan: index of the '@'. */
  at = 0;
  /** After a successful scan: number of labels in the domain. */
  labels = 0;
  /** After a successful scan: whether the address has upper-case letters. */
  upper = false;

  scan(value: string): boolean {
    const length = value.length;
    if (length === 0 || length > MAX_LENGTH) return false;
    let hash = FNV_OFFSET;
    let upper = false;
    let i = 0;
    let previous = DOT;
    for (; i < length; i++) {
      let c = value.charCodeAt(i);
      if (c === AT) break;
      if (c === DOT) {
        if (previous === DOT) return false;
      } else if (c > 127 || (CLASSES[c]! & LOCAL) === 0) {
        return false;
      } else if (c >= 65 && c <= 90) {
        c += 32;
        upper = true;
      }
      previous = c;
      hash = Math.imul(hash ^ c, FNV_PRIME);
    }
    if (i === length || i > MAX_LOCAL || previous === DOT) return false;
    const at = i;
    hash = Math.imul(hash ^ AT, FNV_PRIME);
    let labelStart = at + 1;
    let labels = 1;
    previous = DOT;
    for (i = at + 1; i < length; i++) {
      let c = value.charCodeAt(i);
      if (c === DOT) {
        if (previous === DOT || previous === HYPHEN || i - labelStart > MAX_LABEL) return false;
        labels++;
        labelStart = i + 1;
      } else if (c === HYPHEN) {
        if (previous === DOT) return false;
      } else if (c > 127 || (CLASSES[c]! & DOMAIN) === 0) {
        return false;
      } else if (c >= 65 && c <= 90) {
        c += 32;
        upper = true;
      }
      previous = c;
      hash = Math.imul(hash ^ c, FNV_PRIME);
    }
    if (previous === DOT || previous === HYPHEN || labels < 2 || length - labelStart > MAX_LABEL)
      return false;
    this.hash = hash;
    this.at = at;
    this.labels = labels;
    this.upper = upper;
    return true;
  }
}

const shared = new AddressScan();

export function isEmailAddress(value: string): boolean {
  return shared.scan(value);
}

/** True when `text` from `start` equals `lower` (already lower-case), ignoring ASCII case. */
export function sameIgnoringCase(text: string, start: number, lower: string): boolean {
  if (text.length - start !== lower.length) return false;
  for (let i = 0; i < lower.length; i++) {
    let c = text.charCodeAt(start + i);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== lower.charCodeAt(i)) return false;
  }
  return true;
}

const INITIAL_SUFFIX = '.onmicrosoft.com';

/**
 * True when the address `scan` last accepted is in an initial domain, `<name>.onmicrosoft.com`:
 * the one a Microsoft 365 tenant is created with.
 */
export function inInitialDomain(address: string, scan: AddressScan): boolean {
  if (scan.labels !== 3) return false;
  if (address.endsWith(INITIAL_SUFFIX)) return true;
  return scan.upper && sameIgnoringCase(address, address.length - INITIAL_SUFFIX.length, INITIAL_SUFFIX);
}
