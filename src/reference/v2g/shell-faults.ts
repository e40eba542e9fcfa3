/**
 * Faults of the reference V2G shells (SDP, V2GTP, TLS, SupportedAppProtocol, connection handling, pilot), unprefixed:
 * each turns one compliant behaviour of the shell into the named violation (src/reference/v2g/secc-shell.ts, evcc-shell.ts).
 */

/** Reference SECC shell (catalogue `v2g-secc`, the harness is the EVCC). */
export const SECC_SHELL_FAULTS: Record<string, string> = {
  'no-sdp-response': 'never answers an SDP request',
  'sdp-wrong-port': 'answers SDP with a TCP port nothing listens on',
  'sdp-ignores-security': 'answers a TLS SDP request with security 0x10 (no TLS) and its plain TCP port',
  'sdp-answers-bad-version': 'answers an SDP request whose V2GTP version is not 0x01 or inverse not 0xFE',
  'sdp-answers-wrong-payload-type': 'answers an SDP request whose V2GTP payload type is not 0x9000',
  'sdp-answers-unknown-security': 'answers an SDP request with a reserved security byte (not 0x00/0x10) as if it asked for no TLS',
  'sdp-answers-unknown-transport': 'answers an SDP request with a reserved transport protocol byte (not 0x00 TCP) with its TCP port',
  'sdp-crashes-on-short-payload': 'a datagram shorter than a whole SDP request stops its SDP responder (nothing is answered after it)',
  'sdp-answers-once-only': 'answers only the first SDP request it gets, never a repeated one',
  'wrong-v2gtp-version': 'sends every V2GTP frame (SDP and TCP) with version 0x02 / inverse 0xFD',
  'wrong-payload-type': 'sends every response with a payload type the negotiated protocol does not use for it',
  'weak-tls-cipher': 'its TLS listener speaks TLS 1.2 with ECDHE-ECDSA-AES256-GCM-SHA384 only (outside ISO 15118-2 and below -20 TLS 1.3)',
  'tls-untrusted-chain': 'presents a SECC certificate that does not chain to the V2G root',
  'sap-picks-unoffered': 'answers the app-protocol handshake OK with a SchemaID the EVCC did not offer',
  'sap-ignores-priority': 'picks the supported offered protocol with the lowest priority instead of the highest',
  'no-tcp-close-after-failed': 'keeps the TCP connection open after a response with a FAILED code',
  'accepts-malformed-frame': 'answers a frame with a bad V2GTP header, a wrong payload type or undecodable EXI as if it were fine',
  'late-response': "sends every response at 1.3 × the EVCC's message timeout for it",
  silent: 'accepts the TCP connection but never sends a V2GTP frame',
};

/** Reference EVCC shell (catalogue `v2g-evcc`, the harness is the SECC). */
export const EVCC_SHELL_FAULTS: Record<string, string> = {
  'no-sdp-retry': 'sends one SDP request and gives up when it is not answered',
  'sdp-retry-too-fast': 'repeats an unanswered SDP request after 0.5 × sdpRetryInterval',
  'sdp-too-many-retries': 'sends one SDP request more than sdpRetries allows (sdpRetries + 1) when none is answered',
  'wrong-v2gtp-version': 'sends every V2GTP frame (SDP and TCP) with version 0x02 / inverse 0xFD',
  'accepts-untrusted-secc': 'goes on with a SECC whose TLS chain does not lead to the V2G root',
  'sap-offers-nothing-valid': 'offers only app protocols no standard defines (unknown namespace, major version 9)',
  'ignores-failed-response': 'keeps going after a response with a FAILED code (repeats its request if its module stops)',
  'no-tcp-close-after-stop': 'leaves the TCP connection open after SessionStopRes',
  'late-request': 'sends each request after the app-protocol handshake 1.3 × seccSequence after the previous response',
  'no-state-c': 'never closes S2 (state C) when its module asks for it',
  'late-state-c': 'closes S2 (state C) 2 × cpStateCAfterPowerDelivery after its module asks for it, the module going on meanwhile (DC: CableCheckReq in state B; AC: late after PowerDeliveryRes(Start))',
  silent: 'discovers the SECC and opens the TCP connection but never sends a V2GTP frame',
};
