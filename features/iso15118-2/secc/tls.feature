@iso15118-2 @sut:secc @tls
Feature: ISO 15118-2 SECC: TLS
  With TLS, an ISO 15118-2 SECC speaks TLS 1.2 with ECDHE-ECDSA-AES128-SHA256 on secp256r1 and presents a
  certificate chain (SECC leaf → CPO sub-CAs) that leads to a V2G root the EVCC trusts (on a real rig: the
  rig's v2g.secc.tls.caFile). A SECC with another suite or an untrusted chain fails the handshake.
  New test cases (TLS is not one of the public ISO 15118-4 contexts), written from ISO 15118-2.

  @TC_SECC_CMN_VTB_TLS_001 @fault:weak-tls-cipher
  Scenario: The SECC negotiates TLS 1.2 with ECDHE-ECDSA-AES128-SHA256
    Given a V2G session is set up

  @TC_SECC_CMN_VTB_TLS_002 @fault:tls-untrusted-chain
  Scenario: The SECC's certificate chain leads to the V2G root
    Given a V2G session is set up
