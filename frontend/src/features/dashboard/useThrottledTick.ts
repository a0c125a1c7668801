import { useCallback, useEffect, useRef, useState } from "react";

/**
 * A counter that bump() increments at most once every `ms`: the first bump
 * at once, the ones that follow within the interval together at its end.
 * Figures that depend on it are fetched again without a request per event.
 */
export function useThrottledTick(ms: number): [tick: number, bump: () => void] {
  const [tick, setTick] = useState(0);
  const last = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const bump = useCallback(() => {
    if (timer.current !== undefined) return;
    const wait = last.current + ms - Date.now();
    const fire = () => {
      timer.current = undefined;
      last.current = Date.now();
      setTick((n) => n + 1);
    };
    if (wait <= 0) fire();
    else timer.current = setTimeout(fire, wait);
  }, [ms]);
  return [tick, bump];
}
