/**
 * An in-memory pair of CHAdeMO line ends for the reference unit tests (H1's vcan / bench lines are the real
 * ones): each end drives its own lines (the EV end the plug's proximity too) and its own source on the DC
 * lines; the inlet shows the higher source. Changes reach the listeners of both ends in a microtask, and every
 * change is logged with its monotonic stamp for assertions.
 */
import { monoUs } from '../../../src/core/clock';
import { type ChademoLines, type DigitalLine, LINE_DRIVER, type LineChange } from '../../../src/chademo/types';

export interface MemoryLines {
  charger: ChademoLines;
  ev: ChademoLines;
  log: LineChange[];
}

export function memoryLines(): MemoryLines {
  const state: Record<DigitalLine, boolean> = { d1: false, d2: false, k: false, lock: false, proximity: false };
  const source = { charger: 0, ev: 0 };
  const listeners = new Set<(c: LineChange) => void>();
  const log: LineChange[] = [];
  const inlet = () => Math.max(source.charger, source.ev);
  const emit = (c: LineChange) => {
    log.push(c);
    queueMicrotask(() => {
      for (const l of [...listeners]) l(c);
    });
  };
  const end = (side: 'charger' | 'ev'): ChademoLines => {
    const mine = new Set<(c: LineChange) => void>();
    return {
      side,
      set(line, value) {
        const driver = LINE_DRIVER[line];
        if (driver !== side && !(driver === 'plug' && side === 'ev')) throw new Error(`the ${side} end does not drive ${line}`);
        if (state[line] === value) return;
        state[line] = value;
        emit({ line, value, tUs: monoUs() });
      },
      setInletVoltage(volts) {
        const before = inlet();
        source[side] = volts;
        if (inlet() !== before) emit({ line: 'inletVoltageV', value: inlet(), tUs: monoUs() });
      },
      get: (line) => state[line],
      inletVoltageV: inlet,
      onChange(listener) {
        listeners.add(listener);
        mine.add(listener);
        return () => {
          listeners.delete(listener);
          mine.delete(listener);
        };
      },
      close() {
        for (const l of mine) listeners.delete(l);
        mine.clear();
      },
    };
  };
  return { charger: end('charger'), ev: end('ev'), log };
}
