// What every JSON API route reads besides the request: the platform, the clock, and whether this is the demo world.
import type { Platform } from '../../platform.ts';

export interface RestContext {
  readonly platform: Platform;
  /** Read once per request (tests fix it). */
  readonly now: () => Date;
  /** The demo world shows one-time login codes on screen instead of sending an SMS. */
  readonly showLoginCodes: boolean;
}
