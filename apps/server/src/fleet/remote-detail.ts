import { sessionDetail } from '../views.js';
import { remoteSessionInfo, type RemoteSession } from './fleet.js';

/** Another node's session in the detail shape, from its stored record (`unreachable` while its node is down). */
export function remoteSessionDetail(remote: RemoteSession) {
  const info = remoteSessionInfo(remote);
  return { ...sessionDetail(info as Parameters<typeof sessionDetail>[0]), status: info.status, node: info.node };
}
