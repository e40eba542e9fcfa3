/**
 * What a harness-side pilot port writes into the scenario trace (protocol `iec61851`, channel = port name):
 * each actuation as `tx` when it took effect, and each observed change as `rx` — classified CP state, duty
 * (> 0.5 % change), diode check (ok / fault / unknown), frequency (> 5 Hz change or PWM on/off), PP (> 2 % change or open/closed), contactor,
 * current (> 0.5 A change on a phase) — never every noisy sample. `decoded` holds the action or the
 * observation with its monoUs stamp (tUs, µs). Used by the simulated line and usable by any other line.
 */
import type { Frame, Trace } from '../../core/trace';
import { classifyCp } from '../model/cp';
import type { EvDrive, EvseDrive, PilotObservation, PilotSide } from './types';

export const PILOT_PROTOCOL = 'iec61851';

/** Change thresholds below which a new observation is not traced (noise). */
export const TRACE_THRESHOLDS = { dutyPct: 0.5, frequencyHz: 5, ppRelative: 0.02, currentA: 0.5 } as const;

const onOff = (v: boolean, on: string, off: string): string => (v ? on : off);
const amps = (a: readonly number[]): string => `${a.map((x) => x.toFixed(1)).join('/')} A`;

/**
 * Words for one actuation, e.g. `EV S2 closed` or `EVSE duty 26.7 %, PWM on`. With `before` (what the side had
 * commanded until then) only the fields that change are named (`EV S2 closed` for a whole drive written back).
 */
export function describeActuation(side: PilotSide, change: Partial<EvDrive> | Partial<EvseDrive>, before?: object): string {
  const parts: string[] = [];
  const prev = before as Record<string, unknown> | undefined;
  for (const [k, v] of Object.entries(change)) {
    if (prev && JSON.stringify(prev[k]) === JSON.stringify(v)) continue;
    switch (k) {
      case 'connected': parts.push(onOff(v as boolean, 'plugged in', 'unplugged')); break;
      case 's2': parts.push(onOff(v as boolean, 'S2 closed', 'S2 open')); break;
      case 'ventilation': parts.push(onOff(v as boolean, 'ventilation requested (R3 270 Ω)', 'no ventilation (R3 1.3 kΩ)')); break;
      case 'diodeShorted': parts.push(onOff(v as boolean, 'diode shorted', 'diode healthy')); break;
      case 'cpShortToPe': parts.push(onOff(v as boolean, 'CP shorted to PE', 'CP short to PE removed')); break;
      case 'ppOhms': parts.push(v === null ? 'PP open' : `PP ${Number(v).toFixed(0)} Ω`); break;
      case 'currentA': parts.push(`draws ${Array.isArray(v) ? amps(v as number[]) : String(v)}`); break;
      case 'r2Ohms': parts.push(`R2 ${Number(v).toFixed(0)} Ω`); break;
      case 'pwm': parts.push(onOff(v as boolean, 'PWM on', 'PWM off')); break;
      case 'dutyPct': parts.push(`duty ${Number(v).toFixed(1)} %`); break;
      case 'frequencyHz': parts.push(`${Number(v).toFixed(0)} Hz`); break;
      case 'stateF': parts.push(onOff(v as boolean, 'state F', 'state F off')); break;
      case 'contactor': parts.push(onOff(v as boolean, 'contactor closed', 'contactor open')); break;
      default: parts.push(`${k}=${JSON.stringify(v)}`);
    }
  }
  return `${side === 'ev' ? 'EV' : 'EVSE'} ${parts.join(', ') || 'no change'}`;
}

/** Compact wire-like form of an observation for the trace's raw column. */
export function observationRaw(o: PilotObservation): string {
  const pp = o.ppOhms === null ? 'open' : o.ppOhms.toFixed(0);
  return `hi=${o.cpHighV.toFixed(2)} lo=${o.cpLowV.toFixed(2)} f=${o.frequencyHz.toFixed(1)} d=${o.dutyPct.toFixed(2)} pp=${pp} k=${o.contactorClosed ? 1 : 0} i=${o.currentA.map((a) => a.toFixed(2)).join(',')}`;
}

export class PilotTraceRecorder {
  private trace: Trace | undefined;
  private last: { label: string; diode: string; obs: PilotObservation } | undefined;

  constructor(
    readonly side: PilotSide,
    readonly channel: string,
  ) {}

  use(trace: Trace | undefined): void {
    this.trace = trace;
    this.last = undefined;
  }

  get active(): boolean {
    return this.trace !== undefined;
  }

  /** The last frames of the trace (for verdict messages); empty when not traced. */
  recent(count = 12): Frame[] {
    return this.trace ? this.trace.recent(count) : [];
  }

  /** Records an actuation that took effect at `tUs`; `before`: what the side had commanded until then. */
  actuation(change: Partial<EvDrive> | Partial<EvseDrive>, tUs: number, why?: string, before?: object): void {
    if (!this.trace) return;
    const summary = describeActuation(this.side, change, before) + (why ? ` (${why})` : '');
    this.trace.record({ dir: 'tx', protocol: PILOT_PROTOCOL, channel: this.channel, raw: JSON.stringify(change), decoded: { side: this.side, change, why, tUs }, summary });
  }

  /** Records `o` when it differs from the last traced observation beyond the thresholds (the first always). */
  observation(o: PilotObservation): void {
    if (!this.trace) return;
    const cls = classifyCp(o);
    const changes = this.last ? changesOf(this.last.label, this.last.obs, cls.label, o) : [`CP ${cls.label}`, ...describeAll(o)];
    if (this.last ? cls.diode !== this.last.diode : cls.diode === 'fault') changes.push(`diode check ${cls.diode} (low level ${o.cpLowV.toFixed(2)} V)`);
    if (changes.length === 0) return;
    this.last = { label: cls.label, diode: cls.diode, obs: o };
    const summary = `${this.side === 'ev' ? 'EV' : 'EVSE'} sees ${changes.join(', ')}`;
    this.trace.record({ dir: 'rx', protocol: PILOT_PROTOCOL, channel: this.channel, raw: observationRaw(o), decoded: { ...o, state: cls.label, diode: cls.diode }, summary });
  }
}

function describeAll(o: PilotObservation): string[] {
  return [pwmText(o), o.ppOhms === null ? 'PP open' : `PP ${o.ppOhms.toFixed(0)} Ω`, `contactor ${o.contactorClosed ? 'closed' : 'open'}`, amps(o.currentA)];
}

function pwmText(o: PilotObservation): string {
  return o.frequencyHz > 0 ? `PWM ${o.frequencyHz.toFixed(0)} Hz ${o.dutyPct.toFixed(1)} %` : `no PWM (${o.dutyPct.toFixed(0)} %)`;
}

function changesOf(prevLabel: string, p: PilotObservation, label: string, o: PilotObservation): string[] {
  const out: string[] = [];
  const t = TRACE_THRESHOLDS;
  // An invalid level's label carries its voltage: noise alone is not a change (0.5 V is).
  const sameInvalid = label.startsWith('invalid') && prevLabel.startsWith('invalid') && Math.abs(o.cpHighV - p.cpHighV) <= 0.5;
  if (label !== prevLabel && !sameInvalid) out.push(`CP ${prevLabel}→${label} (${o.cpHighV.toFixed(2)}/${o.cpLowV.toFixed(2)} V)`);
  const pwmOnOff = (p.frequencyHz > 0) !== (o.frequencyHz > 0);
  if (pwmOnOff || Math.abs(o.dutyPct - p.dutyPct) > t.dutyPct || Math.abs(o.frequencyHz - p.frequencyHz) > t.frequencyHz) out.push(pwmText(o));
  const ppChanged = (p.ppOhms === null) !== (o.ppOhms === null) || (p.ppOhms !== null && o.ppOhms !== null && Math.abs(o.ppOhms - p.ppOhms) > t.ppRelative * Math.max(p.ppOhms, 1));
  if (ppChanged) out.push(o.ppOhms === null ? 'PP open' : `PP ${o.ppOhms.toFixed(0)} Ω`);
  if (p.contactorClosed !== o.contactorClosed) out.push(`contactor ${o.contactorClosed ? 'closed' : 'open'}`);
  const n = Math.max(p.currentA.length, o.currentA.length);
  for (let i = 0; i < n; i++) {
    if (Math.abs((o.currentA[i] ?? 0) - (p.currentA[i] ?? 0)) > t.currentA) {
      out.push(`current ${amps(o.currentA)}`);
      break;
    }
  }
  return out;
}
