// State that survives a reload of the page: the HIS keeps its session, patient and open cases across a refresh.
import { useEffect, useState } from 'react';

/** useState backed by sessionStorage (this tab only, as a workstation's memory is). */
export function useStoredState<T>(key: string, initial: T): [T, (value: T) => void] {
  const [value, setValue] = useState<T>(() => read(key, initial));
  // A new key (another patient, another institution) starts from what that key holds.
  const [shownKey, setShownKey] = useState(key);
  if (shownKey !== key) {
    setShownKey(key);
    setValue(read(key, initial));
  }
  useEffect(() => {
    if (value === undefined) sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, JSON.stringify(value));
  }, [key, value]);
  return [value, setValue];
}

function read<T>(key: string, initial: T): T {
  const text = sessionStorage.getItem(key);
  if (text === null) return initial;
  try {
    return JSON.parse(text) as T;
  } catch {
    return initial;
  }
}
