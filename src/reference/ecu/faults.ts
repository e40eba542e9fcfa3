/**
 * Named, injectable faults of the reference diagnostic SUTs (ECU, DoIP entity, OBD responder) and of the
 * reference tester. Each name maps to one observable deviation from ISO 14229 / ISO 13400-2 / SAE J1979 /
 * ISO 15765-2 that a conformance scenario must catch.
 */
import { ConfigError } from '../../core/errors';
import type { IsoTpFaults } from '../../isotp';
import type { EcuBehaviour } from '../../uds/ecu';

export const ECU_FAULTS: Record<string, string> = {
  'wrong-nrc-unknown-service': 'answers an unsupported service with NRC 0x12 subFunctionNotSupported instead of 0x11 serviceNotSupported',
  'late-p2': 'delays every response by 200 ms, beyond the 50 ms P2server_max of the reference sessions',
  'no-response-pending': 'runs slow routines without sending NRC 0x78 responsePending, so the final answer breaks P2',
  'ignores-suppress-pos-rsp': 'sends positive responses although the suppressPosRspMsgIndicationBit is set',
  'wrong-session-timing': 'reports P2 = 25 ms and P2* = 2000 ms in the DiagnosticSessionControl response instead of the configured values',
  'security-no-delay': 'never answers NRC 0x36/0x37: after exceeded attempts it keeps answering 0x35 and hands out seeds at once',
  'wrong-block-counter': 'TransferData accepts an out-of-sequence block sequence counter instead of NRC 0x73',
  'no-s3-timeout': 'stays in a non-default session forever (S3 server timer never expires)',
  'doip-nack-wrong-payload-type': 'answers an unknown DoIP payload type with generic NACK 0x04 (invalid payload length) instead of 0x01 (unknown payload type)',
  'doip-routing-wrong-code': 'answers a routing activation from an unknown source address with code 0x06 (unsupported activation type) instead of 0x00',
  'doip-no-diag-ack': 'forwards diagnostic messages without sending the 0x8002 diagnostic message ACK',
  'doip-wrong-inverse-version': 'sends DoIP headers whose inverse protocol version byte is not the complement of the version',
  'obd-wrong-pid-bitmap': 'the mode 01 PID 0x00 bitmap omits PID 0x0C (engine speed) although it answers it',
  'wrong-did-value': 'serves every identification DID (other than the VIN and the active session) with its last byte replaced by 0x00, so it no longer matches its description',
  'isotp-wrong-sequence': 'ISO-TP: the second consecutive frame of a multi-frame response carries a wrong sequence number',
  'isotp-ignores-stmin': 'ISO-TP: consecutive frames are sent back-to-back whatever STmin the tester asked for',
};

export const TESTER_FAULTS: Record<string, string> = {
  'tester-no-keepalive': 'holds a non-default session without sending TesterPresent, so the ECU falls back after S3',
  'tester-wrong-key': 'sends a key computed with the wrong constant',
  'tester-ignores-response-pending': 'gives up after P2 when the ECU answers NRC 0x78 and sends the next request',
  'tester-wrong-block-counter': 'starts TransferData with block sequence counter 0x00 instead of 0x01',
  'tester-no-suppress': 'sends TesterPresent keep-alives without the suppressPosRsp bit (3E 00)',
};

export interface DoipFaultFlags {
  nackWrongPayloadType: boolean;
  routingWrongCode: boolean;
  noDiagAck: boolean;
  wrongInverseVersion: boolean;
}

export interface ResolvedEcuFaults {
  names: string[];
  behaviour: Partial<EcuBehaviour>;
  doip: DoipFaultFlags;
  obdBitmapXor: number;
  isotp: IsoTpFaults;
}

function checkNames(names: readonly string[], catalogue: Record<string, string>, where: string): string[] {
  const out: string[] = [];
  for (const raw of names) {
    const n = raw.trim();
    if (!n) continue;
    if (!(n in catalogue)) throw new ConfigError(where, 'faults', `unknown fault '${n}' (known: ${Object.keys(catalogue).join(', ')})`);
    out.push(n);
  }
  return out;
}

/** Turns fault names into behaviour knobs; unknown names are a ConfigError naming `where`. */
export function resolveEcuFaults(names: readonly string[] = [], where = 'reference ECU'): ResolvedEcuFaults {
  const list = checkNames(names, ECU_FAULTS, where);
  const has = (n: string) => list.includes(n);
  const behaviour: Partial<EcuBehaviour> = {};
  if (has('wrong-nrc-unknown-service')) behaviour.unknownServiceNrc = 0x12;
  if (has('late-p2')) behaviour.extraDelayMs = 200;
  if (has('no-response-pending')) behaviour.responsePending = false;
  if (has('ignores-suppress-pos-rsp')) behaviour.honourSuppress = false;
  if (has('wrong-session-timing')) behaviour.reportedTiming = { p2Ms: 25, p2StarMs: 2000 };
  if (has('security-no-delay')) behaviour.securityDelay = false;
  if (has('wrong-block-counter')) behaviour.checkBlockCounter = false;
  if (has('no-s3-timeout')) behaviour.s3Timeout = false;
  const isotp: IsoTpFaults = {};
  if (has('isotp-wrong-sequence')) isotp.wrongSequenceAt = 2;
  if (has('isotp-ignores-stmin')) isotp.ignoreStmin = true;
  return {
    names: list,
    behaviour,
    doip: {
      nackWrongPayloadType: has('doip-nack-wrong-payload-type'),
      routingWrongCode: has('doip-routing-wrong-code'),
      noDiagAck: has('doip-no-diag-ack'),
      wrongInverseVersion: has('doip-wrong-inverse-version'),
    },
    // PID 0x0C is bit index 11 → byte 1, bit 0x10.
    obdBitmapXor: has('obd-wrong-pid-bitmap') ? 0x00100000 : 0,
    isotp,
  };
}

export function resolveTesterFaults(names: readonly string[] = [], where = 'reference tester'): Set<string> {
  return new Set(checkNames(names, TESTER_FAULTS, where));
}

/** Parses `a,b` / `a b` fault lists from config or environment. */
export function parseFaultList(text: string | undefined): string[] {
  return (text ?? '').split(/[\s,]+/).filter(Boolean);
}
