import { useEffect, useState } from 'react';

/** The current time, refreshed every <paramref name="everyMs"/> (what a screen shows changes as time passes: "too late to cancel"). */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
