// What every JSON API route reads besides the request: the platform, the clock, and whether this is the demo world.
import type { NodesPlatform, Platform } from '../../platform.ts';

export interface RestContext {
  /** The nodes this process serves and the hub as a port (in-process, or over the bus in a node process). */
  readonly platform: NodesPlatform;
  /** Read once per request (tests fix it). */
  readonly now: () => Date;
  /** The demo world shows one-time login codes on screen instead of sending an SMS. */
  readonly showLoginCodes: boolean;
}

/** The routes of the national level itself (statistics, directory, clearing, 预付金): the hub is in this process. */
export interface HubRestContext extends RestContext {
  readonly platform: Platform;
}
