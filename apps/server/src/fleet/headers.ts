// The headers one fleet node sets when it carries a request to another (never logged: see app.ts redact).
export const CLUSTER_SECRET_HEADER = 'x-aegis-cluster-secret';
/** `{"name": …, "role": …}` of the caller the forwarding node authenticated. */
export const ON_BEHALF_HEADER = 'x-aegis-on-behalf';
/** The node that carried the request (in the owner's audit trail and logs). */
export const FORWARDED_BY_HEADER = 'x-aegis-forwarded-by';
/** On a forwarded answer: the node that produced it. */
export const NODE_HEADER = 'x-aegis-node';
