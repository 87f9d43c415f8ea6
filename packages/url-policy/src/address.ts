import ipaddr from 'ipaddr.js';

/** Why an address is refused; `private` ones are allowed when the caller opts in. */
export type AddressClass = 'public' | 'private' | 'refused';

export interface AddressVerdict {
  class: AddressClass;
  /** ipaddr.js's range name (`linkLocal`, `loopback`, `private`, `unicast`, …), after unwrapping IPv4 in IPv6. */
  range: string;
  /** The address as checked (IPv4 for IPv4-mapped and NAT64 forms). */
  address: string;
}

/** Loopback and private networks: the app under work, a local receiver. Allowed only by opt-in. */
const PRIVATE = new Set(['loopback', 'private', 'uniqueLocal', 'carrierGradeNat']);

/** IPv4 carried inside an IPv6 address that the kernel or a NAT64 gateway turns back into IPv4. */
function embeddedIPv4(a: ipaddr.IPv6): ipaddr.IPv4 | null {
  if (a.isIPv4MappedAddress()) return a.toIPv4Address();
  const p = a.parts;
  // NAT64 64:ff9b::/96 and the deprecated IPv4-compatible ::/96 (e.g. ::a9fe:a9fe)
  const nat64 = p[0] === 0x64 && p[1] === 0xff9b && p.slice(2, 6).every((x) => x === 0);
  const compatible = p.slice(0, 6).every((x) => x === 0) && (p[6] !== 0 || p[7]! > 1);
  if (!nat64 && !compatible) return null;
  return ipaddr.IPv4.parse(`${p[6]! >> 8}.${p[6]! & 255}.${p[7]! >> 8}.${p[7]! & 255}`);
}

/**
 * Classifies one IP address (IPv4 in any spelling `inet_aton` accepts is the URL parser's job; here it is dotted or
 * IPv6). Only plain public unicast is `public`; loopback and private ranges are `private`; everything else —
 * link-local (cloud metadata), unspecified, multicast, broadcast, reserved, 6to4/Teredo — is `refused`.
 */
export function classifyAddress(input: string): AddressVerdict {
  const raw = input.replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(raw)) return { class: 'refused', range: 'invalid', address: input };
  let a: ipaddr.IPv4 | ipaddr.IPv6 = ipaddr.parse(raw);
  if (a.kind() === 'ipv6') a = embeddedIPv4(a as ipaddr.IPv6) ?? a;
  const range = a.range();
  const cls: AddressClass = range === 'unicast' ? 'public' : PRIVATE.has(range) ? 'private' : 'refused';
  return { class: cls, range, address: a.toString() };
}
