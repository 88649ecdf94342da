// The national statistics, asked again every few seconds while the page is visible: the last answer stays on screen
// while the next one is on its way, and an answer equal to the last one changes nothing (no re-render, no flicker).
import { useEffect, useRef, useState } from 'react';
import { getJson, query } from '../shared/api.ts';
import type { NationalStats } from './stats-types.ts';

/** How often the dashboard asks again (it moves while `yidi simulate` runs). */
export const REFRESH_MS = 5_000;

export interface MonthRange {
  readonly from?: string;
  readonly to?: string;
}

export interface LiveStats {
  /** The last answer; undefined until the first one came. */
  readonly stats: NationalStats | undefined;
  /** Why the last ask failed (the previous answer stays shown). */
  readonly error: string | undefined;
  /** The platform's time of the last answer (北京时间), equal to the shown one or not. */
  readonly checkedAt: string | undefined;
}

export function useLiveStats(range: MonthRange, live: boolean): LiveStats {
  const [state, setState] = useState<LiveStats>({ stats: undefined, error: undefined, checkedAt: undefined });
  const lastText = useRef<string>('');

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const url = `/api/public/stats${query({ from: range.from, to: range.to })}`;

    const ask = async () => {
      if (document.visibilityState !== 'hidden') {
        try {
          const answer = await getJson<NationalStats>(url);
          // generated_at changes on every answer; the figures are what matter for re-drawing.
          const text = JSON.stringify({ ...answer, generated_at: '' });
          if (!stopped) {
            const changed = text !== lastText.current;
            lastText.current = text;
            setState((s) => ({
              stats: changed ? answer : s.stats,
              error: undefined,
              checkedAt: answer.generated_at,
            }));
          }
        } catch (failure) {
          if (!stopped)
            setState((s) => ({ ...s, error: failure instanceof Error ? failure.message : String(failure) }));
        }
      }
      // The next ask waits for this one: a slow platform is never asked twice at once by one page.
      if (!stopped && live) timer = setTimeout(ask, REFRESH_MS);
    };
    void ask();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [range.from, range.to, live]);

  return state;
}
