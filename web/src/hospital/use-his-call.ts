// One HIS step of a screen: its busy flag, its failure shown where it happened, and a retry under the same msgid.
import { useCallback, useRef, useState } from 'react';
import { type Envelope, HisFailure, type HisSession } from './his-session.ts';

// biome-ignore lint/suspicious/noExplicitAny: outputs are the national shapes; each screen reads its own fields.
export type HisOutput = any;
type OnOutput = (output: HisOutput) => void | Promise<void>;

export interface HisCall {
  readonly busy: boolean;
  readonly failure: HisFailure | undefined;
  /** Sends a new message; `onOutput` runs with its output when it succeeds (now, or after a retry). */
  send(
    infno: string,
    input: unknown,
    onOutput: OnOutput,
    options?: { insuplc_admdvs?: string | undefined },
  ): Promise<void>;
  /** Sends the failed message again, byte for byte: same msgid, same inf_time. */
  retry(): Promise<void>;
  dismiss(): void;
}

export function useHisCall(session: HisSession | undefined): HisCall {
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<HisFailure>();
  // The continuation of the failed message, kept for its retry (not state: it does not change what is drawn).
  const pending = useRef<OnOutput | undefined>(undefined);

  const exchange = useCallback(
    async (envelope: Envelope, retry: boolean, onOutput: OnOutput) => {
      if (!session) return;
      setBusy(true);
      setFailure(undefined);
      try {
        const output = await session.send(envelope, retry);
        pending.current = undefined;
        await onOutput(output);
      } catch (error) {
        if (!(error instanceof HisFailure)) throw error;
        pending.current = onOutput;
        setFailure(error);
      } finally {
        setBusy(false);
      }
    },
    [session],
  );

  return {
    busy,
    failure,
    send: (infno, input, onOutput, options) =>
      session ? exchange(session.envelope(infno, input, options), false, onOutput) : Promise.resolve(),
    retry: async () => {
      if (failure && pending.current) await exchange(failure.envelope, true, pending.current);
    },
    dismiss: () => setFailure(undefined),
  };
}
