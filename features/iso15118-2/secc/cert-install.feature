@iso15118-2 @sut:secc @pnc
Feature: ISO 15118-2 SECC: contract certificate installation and update (Plug and Charge)
  The SECC lists the Certificate service (ServiceID 2) in ServiceDiscoveryRes and the EVCC selects it in
  PaymentServiceSelectionReq (ParameterSetID 1 Installation, 2 Update); a SECC whose PICS declares contract
  provisioning but does not list it fails, naming what is missing.
  After PaymentServiceSelection(Contract) an EVCC without a contract sends CertificateInstallationReq (Id, its
  OEM provisioning certificate, ListOfRootCertificateIDs naming the V2G roots it trusts, a header signature over
  the request with the OEM provisioning key); an EVCC renewing its contract sends CertificateUpdateReq (its
  contract chain, eMAID, the same list, signed with its contract key). The SECC answers with the SA provisioning
  (CPS) chain, which must lead to a V2G root, the new contract chain, its private key encrypted to the requester
  (ECDH P-256, concatenation KDF, AES-128-CBC: 48 bytes) with the ephemeral DHpublickey, the eMAID (the contract
  certificate's CN), and a CPS header signature over ContractSignatureCertChain, ContractSignatureEncryptedPrivateKey,
  DHpublickey and eMAID (a Reference whose digest does not match fails, naming the element). The harness EVCC checks every part, decrypts the key, and goes on with PaymentDetails and a
  signed Authorization using the installed contract. A request whose signature does not hold is answered
  FAILED_SignatureError. The SECC's PICS declares what it answers (v2g.values.contractProvisioning).

  @TC_SECC_CMN_VTB_CertificateInstallation_001 @fault:iso2-cert-install-bad-signature @fault:iso2-cert-install-emaid-tampered @fault:iso2-cert-service-not-offered
  Scenario: The SECC answers CertificateInstallationReq with a contract signed by the CPS
    Given a V2G session is set up
    And the EVCC is set to install its contract certificate
    When the EVCC runs the session up to "PaymentDetailsReq"
    Then the SECC answers with ResponseCode "OK"

  @TC_SECC_CMN_VTB_CertificateInstallation_002 @fault:iso2-cert-install-untrusted-cps
  Scenario: The SA provisioning certificate chain of CertificateInstallationRes leads to a V2G root
    Given a V2G session is set up
    And the EVCC is set to install its contract certificate
    When the EVCC runs the session up to "PaymentDetailsReq"
    Then the SECC answers with ResponseCode "OK"

  @TC_SECC_CMN_VTB_CertificateInstallation_003 @fault:iso2-cert-install-key-mismatch
  Scenario: The encrypted private key of CertificateInstallationRes is the installed contract's key
    Given a V2G session is set up
    And the EVCC is set to install its contract certificate
    When the EVCC runs the session up to "PaymentDetailsReq"
    Then the SECC answers with ResponseCode "OK"

  @TC_SECC_CMN_VTB_CertificateInstallation_004 @fault:iso2-cert-install-wrong-emaid
  Scenario: The eMAID of CertificateInstallationRes is the installed contract certificate's CN
    Given a V2G session is set up
    And the EVCC is set to install its contract certificate
    When the EVCC runs the session up to "PaymentDetailsReq"
    Then the SECC answers with ResponseCode "OK"

  @TC_SECC_CMN_VTB_CertificateInstallation_005 @fault:iso2-cert-install-key-mismatch
  Scenario: A complete Plug and Charge session with the installed contract
    Given a V2G session is set up
    And the EVCC is set to install its contract certificate
    When the EVCC completes the session
    Then the SECC answers with ResponseCode "OK"

  @TC_SECC_CMN_VTB_CertificateInstallation_006 @fault:iso2-cert-install-accepts-bad-signature
  Scenario: A CertificateInstallationReq whose signature does not reference it is answered FAILED_SignatureError
    Given a V2G session is set up
    And the EVCC is set to install its contract certificate
    When the EVCC runs the session up to "CertificateInstallationReq"
    And the EVCC sends "CertificateInstallationReq" with:
      | field | value |
      | Id    | ID2   |
    Then the SECC answers with ResponseCode "FAILED_SignatureError"

  @TC_SECC_CMN_VTB_CertificateInstallation_007 @fault:iso2-cert-install-late
  Scenario: The SECC answers CertificateInstallationReq within evccMessageLong
    Given a V2G session is set up
    And the EVCC is set to install its contract certificate
    When the EVCC runs the session up to "CertificateInstallationReq"
    And the EVCC sends "CertificateInstallationReq"
    Then the SECC answers with ResponseCode "OK"

  @TC_SECC_CMN_VTB_CertificateUpdate_001 @fault:iso2-cert-install-bad-signature @fault:iso2-cert-install-key-mismatch @fault:iso2-cert-install-emaid-tampered @fault:iso2-cert-service-not-offered
  Scenario: The SECC answers CertificateUpdateReq with a new contract encrypted to the old contract key
    Given a V2G session is set up
    And the EVCC is set to update its contract certificate
    When the EVCC runs the session up to "PaymentDetailsReq"
    Then the SECC answers with ResponseCode "OK"

  @TC_SECC_CMN_VTB_CertificateUpdate_002 @fault:iso2-cert-update-accepts-bad-signature
  Scenario: A CertificateUpdateReq whose signature does not reference it is answered FAILED_SignatureError
    Given a V2G session is set up
    And the EVCC is set to update its contract certificate
    When the EVCC runs the session up to "CertificateUpdateReq"
    And the EVCC sends "CertificateUpdateReq" with:
      | field | value |
      | Id    | ID2   |
    Then the SECC answers with ResponseCode "FAILED_SignatureError"
