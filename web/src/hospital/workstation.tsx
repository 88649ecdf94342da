// What every screen of the workstation shares: the institution's HIS session (sign_no) and the patient read by 1101.
import { createContext, type ReactNode, useContext, useState, useSyncExternalStore } from 'react';
import { HisSession, type Institution, type LoggedMessage } from './his-session.ts';
import type { Patient } from './national.ts';
import { storedSecret, storeSecret } from './signing.ts';
import { useStoredState } from './stored-state.ts';

interface StoredSession {
  readonly institution: Institution;
  readonly signNo?: string;
  readonly signTime?: string;
}

export interface Workstation {
  readonly institution: Institution | undefined;
  readonly session: HisSession | undefined;
  /** Set once 9001 answered; every later message carries it. */
  readonly signNo: string | undefined;
  readonly signTime: string | undefined;
  readonly patient: Patient | undefined;
  choose(institution: Institution): void;
  signedIn(signNo: string, signTime: string): void;
  signedOut(): void;
  setPatient(patient: Patient | undefined): void;
  /** The institution's HMAC-SM3 secret for this tab; later messages are signed with it (undefined: unsigned). */
  setSignSecret(secret: string | undefined): void;
}

const Context = createContext<Workstation | undefined>(undefined);

export function WorkstationProvider({ children }: { readonly children: ReactNode }) {
  const [stored, setStored] = useStoredState<StoredSession | undefined>('yidi.hospital.session', undefined);
  // The session object holds the msgid sequence and the log: made once per chosen institution, not per render.
  const [session, setSession] = useState(() =>
    stored
      ? new HisSession(stored.institution, stored.signNo, storedSecret(stored.institution.fixmedins_code))
      : undefined,
  );
  const code = stored?.institution.fixmedins_code ?? 'none';
  const [patient, setPatient] = useStoredState<Patient | undefined>(
    `yidi.hospital.patient.${code}`,
    undefined,
  );

  const workstation: Workstation = {
    institution: stored?.institution,
    session,
    signNo: stored?.signNo,
    signTime: stored?.signTime,
    patient: stored?.signNo ? patient : undefined,
    choose(institution) {
      setSession(new HisSession(institution, undefined, storedSecret(institution.fixmedins_code)));
      setStored({ institution });
    },
    signedIn(signNo, signTime) {
      if (!stored || !session) return;
      session.adoptSignNo(signNo);
      setStored({ ...stored, signNo, signTime });
    },
    signedOut() {
      if (!stored) return;
      setSession(new HisSession(stored.institution, undefined, session?.signSecret));
      setStored({ institution: stored.institution });
      setPatient(undefined);
    },
    setPatient,
    setSignSecret(secret) {
      if (!stored) return;
      storeSecret(stored.institution.fixmedins_code, secret);
      setSession(new HisSession(stored.institution, stored.signNo, secret));
    },
  };
  return <Context.Provider value={workstation}>{children}</Context.Provider>;
}

export function useWorkstation(): Workstation {
  const workstation = useContext(Context);
  if (!workstation) throw new Error('useWorkstation outside WorkstationProvider');
  return workstation;
}

const NO_MESSAGES: readonly LoggedMessage[] = [];
const noSubscription = () => () => {};

/** The session's message log, redrawn as messages come and go. */
export function useMessageLog(session: HisSession | undefined): readonly LoggedMessage[] {
  return useSyncExternalStore(
    session ? (listener) => session.subscribe(listener) : noSubscription,
    () => session?.messages() ?? NO_MESSAGES,
  );
}
