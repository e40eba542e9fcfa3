/**
 * CHAdeMO frame codec: every id (0x100–0x102, 0x108/0x109, 0x110/0x118, 0x200/0x201, 0x208/0x209) for every
 * version (0.9, 1.0, 1.1, 1.2, 2.0). Layouts from the project's CAN facts (FACTS.md; 16-bit values
 * little-endian, every frame DLC 8, unused bytes 0). The V2X frames' layout beyond FACTS' "currents inverted"
 * follows open V2H implementations: 0x200 b0 max discharge current (0xFF − I), b4–5 min discharge voltage,
 * b6 min battery discharge level %, b7 max remaining capacity %; 0x201 b1–2 estimated discharge time min,
 * b3–4 remaining discharge time min; 0x208 b0 present discharge current (0xFF − I), b1–2 available input
 * voltage, b3 available input current (0xFF − I), b6–7 lower threshold voltage; 0x209 b1–2 remaining
 * discharge time min.
 *
 * Version-dependent fields: a field the version does not carry is written as zero and decoded as 0/false
 * (its bits are reserved there): 0x100 b0 min current, 0x101 b3 estimated time and b5–6 capacity, 0x102 b5.3
 * contactor open (1.0+); 0x110/0x118 .0 dynamic control (1.2+), .1/.2 high current/voltage (2.0); 0x102 b5.7
 * and 0x109 b4 discharge compatible (2.0). Ids are not version-gated (a 2.0 charger serving a 1.0 EV still
 * sends 0x118): the version decides fields only.
 *
 * Errors (ChademoFrameError, quoting id and bytes): wrong DLC, an unknown id in the CHAdeMO range, an
 * extended/FD frame, an encoded value that does not fit its field, a decoded value out of its range (protocol
 * number above 3, a percentage above 100). Values a role judges (a protocol number other than the negotiated
 * one, a request above the available current) decode normally.
 */
import { CodecError } from '../../core/errors';
import { type CanFrame, formatCanFrame } from '../../transport/can/frame';
import { CHADEMO_ID, type ChademoFrameName, type ChademoMessage, type ChademoVersion, inChademoRange } from '../types';

/** A frame that is not a well-formed CHAdeMO frame (or a message that cannot be encoded); quotes id and bytes. */
export class ChademoFrameError extends CodecError {
  constructor(
    readonly id: number,
    readonly data: Uint8Array,
    readonly problem: string,
  ) {
    super(`CHAdeMO frame ${formatCanFrame({ id, data })} (id 0x${id.toString(16).toUpperCase()}, ${data.length} bytes): ${problem}`);
  }
}

export const CHADEMO_DLC = 8;
const NAME_BY_ID = new Map<number, ChademoFrameName>(Object.entries(CHADEMO_ID).map(([n, id]) => [id, n as ChademoFrameName]));

/** The frame name of a CHAdeMO id, undefined for any other id. */
export function chademoName(id: number): ChademoFrameName | undefined {
  return NAME_BY_ID.get(id);
}

/** Version order helpers: `atLeast('1.2', v)`. */
const ORDER: Record<ChademoVersion, number> = { '0.9': 0, '1.0': 1, '1.1': 2, '1.2': 3, '2.0': 4 };
export function versionAtLeast(v: ChademoVersion, min: ChademoVersion): boolean {
  return ORDER[v] >= ORDER[min];
}

class Writer {
  readonly bytes = new Uint8Array(CHADEMO_DLC);
  constructor(
    private readonly id: number,
    private readonly name: string,
  ) {}
  private check(field: string, v: number, max: number): number {
    if (!Number.isInteger(v) || v < 0 || v > max) {
      throw new ChademoFrameError(this.id, this.bytes, `cannot encode ${this.name}.${field} = ${v}: must be an integer 0..${max}`);
    }
    return v;
  }
  u8(at: number, field: string, v: number): void {
    this.bytes[at] = this.check(field, v, 0xff);
  }
  /** 0xFF − I (V2X currents). */
  inv8(at: number, field: string, v: number): void {
    this.bytes[at] = 0xff - this.check(field, v, 0xff);
  }
  u16(at: number, field: string, v: number): void {
    this.check(field, v, 0xffff);
    this.bytes[at] = v & 0xff;
    this.bytes[at + 1] = v >> 8;
  }
  bits(at: number, flags: readonly (boolean | undefined)[]): void {
    let b = 0;
    flags.forEach((f, i) => {
      if (f) b |= 1 << i;
    });
    this.bytes[at] = b;
  }
}

/** Encodes one message as the DLC-8 frame of its id for `version`. Throws ChademoFrameError when a value does not fit. */
export function encodeChademo(msg: ChademoMessage, version: ChademoVersion): CanFrame {
  const id = CHADEMO_ID[msg.name];
  const w = new Writer(id, msg.name);
  const v10 = versionAtLeast(version, '1.0');
  const v12 = versionAtLeast(version, '1.2');
  const v20 = version === '2.0';
  switch (msg.name) {
    case 'evParams': {
      const m = msg.value;
      w.u8(0, 'minChargeCurrentA', v10 ? m.minChargeCurrentA : 0);
      w.u16(2, 'minBatteryVoltageV', m.minBatteryVoltageV);
      w.u16(4, 'maxBatteryVoltageV', m.maxBatteryVoltageV);
      w.u8(6, 'chargedRateReference', m.chargedRateReference);
      break;
    }
    case 'evTiming': {
      const m = msg.value;
      w.u8(1, 'maxChargingTime10s', m.maxChargingTime10s);
      w.u8(2, 'maxChargingTimeMin', m.maxChargingTimeMin);
      w.u8(3, 'estimatedChargingTimeMin', v10 ? m.estimatedChargingTimeMin : 0);
      w.u16(5, 'batteryCapacity100Wh', v10 ? m.batteryCapacity100Wh : 0);
      break;
    }
    case 'evStatus': {
      const m = msg.value;
      w.u8(0, 'protocolNumber', m.protocolNumber);
      w.u16(1, 'targetVoltageV', m.targetVoltageV);
      w.u8(3, 'currentRequestA', m.currentRequestA);
      const f = m.faults;
      w.bits(4, [f.overVoltage, f.underVoltage, f.currentDeviation, f.highTemperature, f.voltageDeviation]);
      const s = m.status;
      w.bits(5, [s.chargingEnabled, s.shiftLeverNotPark, s.systemFault, v10 && s.contactorOpen, s.stopBeforeCharging, false, false, v20 && s.dischargeCompatible]);
      w.u8(6, 'socPct', m.socPct);
      break;
    }
    case 'chargerParams': {
      const m = msg.value;
      w.u8(0, 'weldingDetection', m.weldingDetection ? 1 : 0);
      w.u16(1, 'availableVoltageV', m.availableVoltageV);
      w.u8(3, 'availableCurrentA', m.availableCurrentA);
      w.u16(4, 'thresholdVoltageV', m.thresholdVoltageV);
      break;
    }
    case 'chargerStatus': {
      const m = msg.value;
      w.u8(0, 'protocolNumber', m.protocolNumber);
      w.u16(1, 'presentVoltageV', m.presentVoltageV);
      w.u8(3, 'presentCurrentA', m.presentCurrentA);
      w.u8(4, 'dischargeCompatible', v20 && m.dischargeCompatible ? 1 : 0);
      const s = m.status;
      w.bits(5, [s.charging, s.malfunction, s.connectorLocked, s.batteryIncompatible, s.systemMalfunction, s.stopControl]);
      w.u8(6, 'remainingTime10s', m.remainingTime10s);
      w.u8(7, 'remainingTimeMin', m.remainingTimeMin);
      break;
    }
    case 'evExtended':
    case 'chargerExtended': {
      const m = msg.value;
      w.bits(0, [v12 && m.dynamicControl, v20 && m.highCurrent, v20 && m.highVoltage]);
      break;
    }
    case 'evDischarge': {
      const m = msg.value;
      w.inv8(0, 'maxDischargeCurrentA', m.maxDischargeCurrentA);
      w.u16(4, 'minDischargeVoltageV', m.minDischargeVoltageV);
      w.u8(6, 'minBatteryDischargeLevelPct', m.minBatteryDischargeLevelPct);
      w.u8(7, 'maxRemainingCapacityPct', m.maxRemainingCapacityPct);
      break;
    }
    case 'evDischargeEstimate':
      w.u16(1, 'estimatedDischargeTimeMin', msg.value.estimatedDischargeTimeMin);
      w.u16(3, 'remainingDischargeTimeMin', msg.value.remainingDischargeTimeMin);
      break;
    case 'chargerDischarge': {
      const m = msg.value;
      w.inv8(0, 'presentDischargeCurrentA', m.presentDischargeCurrentA);
      w.u16(1, 'availableInputVoltageV', m.availableInputVoltageV);
      w.inv8(3, 'availableInputCurrentA', m.availableInputCurrentA);
      w.u16(6, 'lowerThresholdVoltageV', m.lowerThresholdVoltageV);
      break;
    }
    case 'chargerDischargeEstimate':
      w.u16(1, 'remainingDischargeTimeMin', msg.value.remainingDischargeTimeMin);
      break;
    default: {
      const never: never = msg;
      throw new CodecError(`unknown CHAdeMO message ${JSON.stringify(never)}`);
    }
  }
  return { id, data: w.bytes };
}

/**
 * Decodes one received frame for `version`. Throws ChademoFrameError on a frame that is not a well-formed
 * CHAdeMO frame (see the file comment); a frame outside the CHAdeMO range is an error too (filter first).
 */
export function decodeChademo(frame: CanFrame, version: ChademoVersion): ChademoMessage {
  const { id, data: d } = frame;
  const fail = (problem: string): never => {
    throw new ChademoFrameError(id, d, problem);
  };
  if (frame.ext || frame.fd || frame.rtr || frame.err) fail('not a classic 11-bit data frame (CHAdeMO frames are)');
  if (!inChademoRange(id)) fail('id outside the CHAdeMO range 0x100–0x20F');
  const name = chademoName(id) ?? fail('unknown id in the CHAdeMO range (known: 100 101 102 108 109 110 118 200 201 208 209)');
  if (d.length !== CHADEMO_DLC) fail(`DLC ${d.length}, CHAdeMO frames carry ${CHADEMO_DLC} bytes`);
  const u16 = (at: number) => d[at] | (d[at + 1] << 8);
  const bit = (at: number, n: number) => (d[at] & (1 << n)) !== 0;
  const pct = (at: number, field: string) => (d[at] <= 100 ? d[at] : fail(`${name}.${field} (b${at}) = ${d[at]}: a percentage above 100`));
  const proto = (field: string) => (d[0] <= 3 ? d[0] : fail(`${name}.${field} (b0) = ${d[0]}: no CHAdeMO protocol number above 3 (1 = 0.9, 2 = 1.0–1.2, 3 = 2.0)`));
  const v10 = versionAtLeast(version, '1.0');
  const v12 = versionAtLeast(version, '1.2');
  const v20 = version === '2.0';
  switch (name) {
    case 'evParams':
      return {
        name,
        value: { minChargeCurrentA: v10 ? d[0] : 0, minBatteryVoltageV: u16(2), maxBatteryVoltageV: u16(4), chargedRateReference: d[6] },
      };
    case 'evTiming':
      return {
        name,
        value: { maxChargingTime10s: d[1], maxChargingTimeMin: d[2], estimatedChargingTimeMin: v10 ? d[3] : 0, batteryCapacity100Wh: v10 ? u16(5) : 0 },
      };
    case 'evStatus':
      return {
        name,
        value: {
          protocolNumber: proto('protocolNumber'),
          targetVoltageV: u16(1),
          currentRequestA: d[3],
          faults: { overVoltage: bit(4, 0), underVoltage: bit(4, 1), currentDeviation: bit(4, 2), highTemperature: bit(4, 3), voltageDeviation: bit(4, 4) },
          status: {
            chargingEnabled: bit(5, 0),
            shiftLeverNotPark: bit(5, 1),
            systemFault: bit(5, 2),
            contactorOpen: v10 && bit(5, 3),
            stopBeforeCharging: bit(5, 4),
            dischargeCompatible: v20 && bit(5, 7),
          },
          socPct: pct(6, 'socPct'),
        },
      };
    case 'chargerParams':
      return { name, value: { weldingDetection: d[0] !== 0, availableVoltageV: u16(1), availableCurrentA: d[3], thresholdVoltageV: u16(4) } };
    case 'chargerStatus':
      return {
        name,
        value: {
          protocolNumber: proto('protocolNumber'),
          presentVoltageV: u16(1),
          presentCurrentA: d[3],
          dischargeCompatible: v20 && d[4] !== 0,
          status: {
            charging: bit(5, 0),
            malfunction: bit(5, 1),
            connectorLocked: bit(5, 2),
            batteryIncompatible: bit(5, 3),
            systemMalfunction: bit(5, 4),
            stopControl: bit(5, 5),
          },
          remainingTime10s: d[6],
          remainingTimeMin: d[7],
        },
      };
    case 'evExtended':
    case 'chargerExtended':
      return { name, value: { dynamicControl: v12 && bit(0, 0), highCurrent: v20 && bit(0, 1), highVoltage: v20 && bit(0, 2) } };
    case 'evDischarge':
      return {
        name,
        value: {
          maxDischargeCurrentA: 0xff - d[0],
          minDischargeVoltageV: u16(4),
          minBatteryDischargeLevelPct: pct(6, 'minBatteryDischargeLevelPct'),
          maxRemainingCapacityPct: pct(7, 'maxRemainingCapacityPct'),
        },
      };
    case 'evDischargeEstimate':
      return { name, value: { estimatedDischargeTimeMin: u16(1), remainingDischargeTimeMin: u16(3) } };
    case 'chargerDischarge':
      return {
        name,
        value: { presentDischargeCurrentA: 0xff - d[0], availableInputVoltageV: u16(1), availableInputCurrentA: 0xff - d[3], lowerThresholdVoltageV: u16(6) },
      };
    case 'chargerDischargeEstimate':
      return { name, value: { remainingDischargeTimeMin: u16(1) } };
  }
}

/** One line for the trace: `0x109 chargerStatus {…}`. */
export function summarizeChademo(msg: ChademoMessage): string {
  return `${msg.name} ${JSON.stringify(msg.value)}`;
}
