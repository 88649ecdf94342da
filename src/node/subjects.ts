// Bus subjects of the provincial nodes and the hub, in one place so that both ends agree.

/** Request/reply subject served by one provincial node. */
export const nodeSubject = (province: string, operation: string): string =>
  `yidi.node.${province}.${operation}`;

/** Request/reply subject served by the national hub. */
export const hubSubject = (operation: string): string => `yidi.hub.${operation}`;
