/**
 * The reference DoIP entity: a DoIP gateway (src/doip/entity.ts) in front of the reference ECU, on loopback,
 * with the DoIP faults of the catalogue applied.
 */
import type { Trace } from '../../core/trace';
import { DoipEntity, type DoipEntityOptions } from '../../doip/entity';
import type { EcuConfig } from '../../uds/fixture';
import { createLinkPair } from '../../uds/link';
import { ReferenceEcu, resolveFixture } from './ecu';
import { resolveEcuFaults } from './faults';

export interface ReferenceDoipOptions {
  fixture?: string | EcuConfig;
  faults?: readonly string[];
  host?: string;
  /** 0 = ephemeral (default for tests and embedded rigs). */
  tcpPort?: number;
  udpPort?: number;
  announce?: DoipEntityOptions['announce'];
  initialInactivityMs?: number;
  generalInactivityMs?: number;
  aliveCheckMs?: number;
  maxSockets?: number;
  /** Notes only (the SUT does not record its frames into the harness trace). */
  trace?: Trace;
}

export class ReferenceDoipEntity {
  private constructor(
    readonly entity: DoipEntity,
    readonly ecu: ReferenceEcu,
  ) {}

  static async start(opts: ReferenceDoipOptions = {}): Promise<ReferenceDoipEntity> {
    const config = resolveFixture(opts.fixture);
    const faults = resolveEcuFaults(opts.faults ?? []);
    const [gatewaySide, ecuSide] = createLinkPair({ channel: 'doip-gateway' });
    const ecu = new ReferenceEcu(ecuSide, { fixture: config, faults: opts.faults });
    try {
      const entity = await DoipEntity.start({
        host: opts.host ?? '127.0.0.1',
        tcpPort: opts.tcpPort ?? 0,
        udpPort: opts.udpPort ?? 0,
        identity: config.doip,
        targets: new Map([[config.doip.logicalAddress, gatewaySide]]),
        functionalAddress: config.addressing.functionalLogicalAddress,
        announce: opts.announce,
        initialInactivityMs: opts.initialInactivityMs,
        generalInactivityMs: opts.generalInactivityMs,
        aliveCheckMs: opts.aliveCheckMs,
        maxSockets: opts.maxSockets,
        faults: faults.doip,
      });
      return new ReferenceDoipEntity(entity, ecu);
    } catch (e) {
      await ecu.close();
      throw e;
    }
  }

  get tcpPort(): number {
    return this.entity.tcpPort;
  }

  get udpPort(): number {
    return this.entity.udpPort;
  }

  async close(): Promise<void> {
    await this.entity.close();
    await this.ecu.close();
  }
}
