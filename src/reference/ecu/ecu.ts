/**
 * The reference ECU: the fixture-driven UDS server with the OBD-II responder attached, its behaviour bent by
 * named faults (faults.ts). Runs over any DiagLink (in-memory for embedded rigs, ISO-TP on a CAN channel, or
 * behind the reference DoIP entity).
 */
import type { Trace } from '../../core/trace';
import { IsoTpChannel } from '../../isotp';
import { ObdResponder } from '../../obd/responder';
import type { CanChannel } from '../../transport/can/channel';
import { UdsEcu } from '../../uds/ecu';
import { type EcuConfig, loadEcuFixture, REFERENCE_ECU_FIXTURE } from '../../uds/fixture';
import { IsoTpDiagLink } from '../../uds/isotp-link';
import type { DiagLink } from '../../uds/link';
import { resolveEcuFaults, type ResolvedEcuFaults } from './faults';

export interface ReferenceEcuOptions {
  /** Fixture path or parsed config (default fixtures/ecu/reference-ecu.json). */
  fixture?: string | EcuConfig;
  faults?: readonly string[];
  /** Trace for the ECU's own notes (session changes, S3 expiry…); the SUT does not record frames. */
  trace?: Trace;
}

export function resolveFixture(fixture: string | EcuConfig | undefined): EcuConfig {
  if (fixture === undefined) return loadEcuFixture(REFERENCE_ECU_FIXTURE);
  return typeof fixture === 'string' ? loadEcuFixture(fixture) : fixture;
}

/** wrong-did-value: the DIDs' last byte becomes 0x00 (VIN and active session untouched). */
function withFaultyDids(config: EcuConfig, faults: readonly string[]): EcuConfig {
  if (!faults.includes('wrong-did-value')) return config;
  const alter = (d: Uint8Array) => Uint8Array.from(d, (b, i) => (i === d.length - 1 ? 0x00 : b));
  return { ...config, dids: config.dids.map((d) => (d.id === 0xf190 || d.id === 0xf186 || !d.data.length ? d : { ...d, data: alter(d.data) })) };
}

export class ReferenceEcu {
  readonly ecu: UdsEcu;
  readonly obd: ObdResponder | undefined;
  readonly faults: ResolvedEcuFaults;
  readonly config: EcuConfig;

  constructor(
    readonly link: DiagLink,
    opts: ReferenceEcuOptions = {},
  ) {
    this.faults = resolveEcuFaults(opts.faults ?? []);
    this.config = withFaultyDids(resolveFixture(opts.fixture), this.faults.names);
    this.ecu = new UdsEcu(this.config, link, { behaviour: this.faults.behaviour });
    if (this.config.obd) {
      this.obd = new ObdResponder(this.config.obd, { bitmapXor: this.faults.obdBitmapXor });
      this.obd.attach(this.ecu);
    }
  }

  async close(): Promise<void> {
    await this.ecu.close();
    await this.link.close();
  }
}

/** The reference ECU on a CAN channel through ISO-TP, addressed as its description says (default rx 0x7E0 + functional 0x7DF, tx 0x7E8). */
export function startReferenceEcuOnCan(can: CanChannel, opts: ReferenceEcuOptions & { stmin?: number } = {}): ReferenceEcu {
  const config = resolveFixture(opts.fixture);
  const faults = resolveEcuFaults(opts.faults ?? []);
  const a = config.addressing;
  // Bus format and flow control as the description declares (29-bit ids, CAN FD, padding, BS/STmin).
  const isotp = new IsoTpChannel(can, {
    txId: a.physicalResponseId,
    rxId: a.physicalRequestId,
    ext: a.extendedIds,
    fd: a.canFd,
    ...(a.canFd ? { txDl: 64 } : {}),
    ...(a.padding !== undefined ? { txPadding: a.padding } : {}),
    blockSize: a.blockSize,
    functionalRxId: a.functionalRequestId,
    faults: faults.isotp,
    stmin: opts.stmin ?? a.stMin,
  });
  return new ReferenceEcu(new IsoTpDiagLink(isotp, true), { ...opts, fixture: config });
}
