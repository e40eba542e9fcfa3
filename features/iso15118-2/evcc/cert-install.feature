@iso15118-2 @sut:evcc @pnc
Feature: ISO 15118-2 EVCC: contract certificate installation and update (Plug and Charge)
  The harness plays the SECC offering PaymentOption Contract and the Certificate service (ServiceID 2,
  ServiceCategory ContractCertificate; ServiceDetail parameter set 1 Installation or 2 Update). An EV set up
  without a contract (or with one to renew) — its PICS declares v2g.values.contractProvisioning — selects the
  service and sends CertificateInstallationReq (Id, its OEM provisioning certificate, which must lead to an OEM
  root the harness trusts, ListOfRootCertificateIDs, a header signature over the request with the OEM
  provisioning key) or CertificateUpdateReq (its contract chain to a trusted MO root, eMAID, the list, signed with
  its contract key). The harness answers with a contract encrypted to the EV (ECDH P-256, concatenation KDF,
  AES-128-CBC) and signed by its CPS certificate; the EV must check that signature, and present the installed
  contract in PaymentDetailsReq.

  @TC_EVCC_CMN_VTB_CertificateInstallation_001 @fault:iso2-evcc-cert-req-unsigned
  Scenario: The EVCC without a contract sends a signed CertificateInstallationReq when the SECC offers installation
    Given the SECC is ready for the EVCC
    When the session runs through "SessionSetupReq"
    And the SECC offers contract certificate installation
    And the session runs through "PaymentServiceSelectionReq"
    Then the EVCC sends "CertificateInstallationReq"

  @TC_EVCC_CMN_VTB_CertificateInstallation_002 @fault:iso2-evcc-ignores-installed-contract
  Scenario: The EVCC presents the installed contract in PaymentDetailsReq
    Given the SECC is ready for the EVCC
    When the session runs through "SessionSetupReq"
    And the SECC offers contract certificate installation
    And the session runs through "CertificateInstallationReq"
    Then the EVCC sends "PaymentDetailsReq"

  @TC_EVCC_CMN_VTB_CertificateInstallation_003 @fault:iso2-evcc-accepts-bad-cps-signature
  Scenario: The EVCC refuses a CertificateInstallationRes whose CPS signature does not hold
    Given the SECC is ready for the EVCC
    When the session runs through "SessionSetupReq"
    And the SECC offers contract certificate installation
    And the SECC answers "CertificateInstallationReq" with:
      | field                         | value |
      | ContractSignatureCertChain.Id | id9   |
    And the session runs through "CertificateInstallationReq"
    Then the EVCC refuses the contract it was sent

  @TC_EVCC_CMN_VTB_CertificateInstallation_004 @fault:iso2-evcc-ignores-installed-contract @fault:iso2-evcc-cert-req-unsigned
  Scenario: A complete Plug and Charge session with contract installation
    Given the SECC is ready for the EVCC
    When the session runs through "SessionSetupReq"
    And the SECC offers contract certificate installation
    And the session runs to the end
    Then every request of the EVCC was well-formed

  @TC_EVCC_CMN_VTB_CertificateUpdate_001 @fault:iso2-evcc-cert-req-unsigned @fault:iso2-evcc-ignores-installed-contract
  Scenario: The EVCC renews its contract with a signed CertificateUpdateReq and presents the new one
    Given the SECC is ready for the EVCC
    When the session runs through "SessionSetupReq"
    And the SECC offers contract certificate update
    And the session runs through "CertificateUpdateReq"
    Then the EVCC sends "PaymentDetailsReq"
