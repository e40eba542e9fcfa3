/**
 * The reference SECC's SDP responder (its own code, not the harness's src/v2g/transport/sdp.ts). Compliant: a
 * datagram that is not exactly a V2GTP SDP request (version 0x01, inverse 0xFE, payload type 0x9000, payload
 * length 2 and 2 payload bytes) is discarded, and so is a request with a security other than 0x00 TLS / 0x10 no
 * TLS or a transport protocol other than 0x00 TCP (no address to announce for them); every other request is
 * answered, however often it comes. Each `sdp-` fault of SECC_SHELL_FAULTS turns one of these rules.
 */
import type { RemoteInfo } from 'node:dgram';
import { hexOf, PT_SDP_REQ, PT_SDP_RES, type RefUdp, SDP_NO_TLS, SDP_TLS, sdpResponsePayload, v2gtpFrame } from './shell-net';

export interface RefSdpResponder {
  address: string;
  tcpPort: number;
  tlsPort: number | undefined;
  /** A port nothing listens on (sdp-wrong-port), else 0. */
  wrongPort: number;
  faults: ReadonlySet<string>;
  note(text: string): void;
}

/** Why a datagram is not an SDP request the SECC answers (undefined: it is one), with the faults that relax a rule. */
function requestProblem(msg: Buffer, f: ReadonlySet<string>): string | undefined {
  if (msg.length < 8) return `${msg.length} bytes, shorter than the V2GTP header`;
  if ((msg[0] !== 0x01 || msg[1] !== 0xfe) && !f.has('sdp-answers-bad-version')) return `V2GTP version/inverse ${hexOf(msg.subarray(0, 2))} (expected 01fe)`;
  if (msg.readUInt16BE(2) !== PT_SDP_REQ && !f.has('sdp-answers-wrong-payload-type')) return `payload type 0x${msg.readUInt16BE(2).toString(16)} (expected 0x9000)`;
  if (msg.readUInt32BE(4) !== 2 || msg.length !== 10) return `payload length ${msg.readUInt32BE(4)} in the header, ${msg.length - 8} bytes present (expected 2)`;
  if (msg[8] !== SDP_TLS && msg[8] !== SDP_NO_TLS && !f.has('sdp-answers-unknown-security')) return `security 0x${msg[8].toString(16)} (0x00 TLS or 0x10 no TLS)`;
  if (msg[9] !== 0x00 && !f.has('sdp-answers-unknown-transport')) return `transport protocol 0x${msg[9].toString(16)} (0x00 TCP)`;
  return undefined;
}

/** The 'message' handler of the SECC's SDP socket. */
export function refSdpResponder(udp: RefUdp, o: RefSdpResponder): (msg: Buffer, rinfo: RemoteInfo) => void {
  const f = o.faults;
  let dead = false;
  let answered = 0;
  return (msg, rinfo) => {
    if (f.has('no-sdp-response')) return o.note('SDP request ignored (no-sdp-response)');
    if (dead) return o.note(`SDP: no longer answering (sdp-crashes-on-short-payload): ${hexOf(msg)}`);
    if (msg.length < 10 && f.has('sdp-crashes-on-short-payload')) {
      dead = true;
      return o.note(`SDP: a ${msg.length}-byte datagram stopped the SDP responder (sdp-crashes-on-short-payload): ${hexOf(msg)}`);
    }
    const problem = requestProblem(msg, f);
    if (problem) return o.note(`SDP: ignored a malformed request (${problem}): ${hexOf(msg)}`);
    if (answered > 0 && f.has('sdp-answers-once-only')) return o.note('SDP: request not answered, one was answered already (sdp-answers-once-only)');
    answered++;
    const tlsAsked = msg[8] === SDP_TLS;
    const tlsAnswer = tlsAsked && o.tlsPort !== undefined && !f.has('sdp-ignores-security');
    const port = o.wrongPort || (tlsAnswer ? (o.tlsPort as number) : o.tcpPort);
    const frame = v2gtpFrame(PT_SDP_RES, sdpResponsePayload(o.address, port, tlsAnswer ? SDP_TLS : SDP_NO_TLS), f.has('wrong-v2gtp-version'));
    udp.socket.send(frame, rinfo.port, rinfo.address, () => undefined);
  };
}
