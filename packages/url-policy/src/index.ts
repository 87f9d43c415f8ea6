export { classifyAddress, type AddressClass, type AddressVerdict } from './address.js';
export { UrlNotAllowedError } from './errors.js';
export { pinnedFetch, pinnedLookup, type PinnedFetch } from './pinned-fetch.js';
export { urlPolicy, type CheckedUrl, type Resolver, type UrlPolicy, type UrlPolicyOptions } from './policy.js';
