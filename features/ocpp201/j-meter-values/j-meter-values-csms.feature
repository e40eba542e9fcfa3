@ocpp201 @block:J @core @sut:csms
Feature: J01-J02 Clock-aligned and sampled meter values (CSMS under test)
  The station reports energy readings: clock-aligned ones (context Sample.Clock) in MeterValues when no
  transaction runs and in TransactionEvents when one does, sampled ones (Transaction.Begin, Sample.Periodic,
  Transaction.End) in the transaction's events, optionally signed. The CSMS accepts each message in seqNo order
  and answers idTokenInfo where the event carries a token.

  @TC_J_01_CSMS @fault:silent @fault:meter-values-evse0-rejected
  Scenario: Clock-aligned Meter Values - No transaction ongoing
    Given the station is booted
    When the station sends MeterValues with:
      | field                                       | value                         |
      | evseId                                      | 0                             |
      | meterValue[0].timestamp                     | <now>                         |
      | meterValue[0].sampledValue[0].value         | 1000                          |
      | meterValue[0].sampledValue[0].context       | Sample.Clock                  |
      | meterValue[0].sampledValue[0].measurand     | Energy.Active.Import.Register |
      | meterValue[0].sampledValue[0].unitOfMeasure.unit | Wh                       |
    Then the CSMS acknowledges the MeterValues
    When the station sends MeterValues with:
      | field                                       | value                         |
      | evseId                                      | 1                             |
      | meterValue[0].timestamp                     | <now>                         |
      | meterValue[0].sampledValue[0].value         | 400                           |
      | meterValue[0].sampledValue[0].context       | Sample.Clock                  |
      | meterValue[0].sampledValue[0].measurand     | Energy.Active.Import.Register |
    Then the CSMS acknowledges the MeterValues

  @TC_J_02_CSMS @fault:no-id-token-info
  Scenario: Clock-aligned Meter Values - Transaction ongoing
    Given the station is charging on EVSE 1 with idToken "${idTag.valid}"
    When the station sends TransactionEvent for EVSE 1 with:
      | field                                   | value                         |
      | eventType                               | Updated                       |
      | triggerReason                           | MeterValueClock               |
      | meterValue[0].timestamp                 | <now>                         |
      | meterValue[0].sampledValue[0].value     | 1600                          |
      | meterValue[0].sampledValue[0].context   | Sample.Clock                  |
      | meterValue[0].sampledValue[0].measurand | Energy.Active.Import.Register |
    Then the CSMS acknowledges the TransactionEvent

  @TC_J_03_CSMS @fault:no-id-token-info
  Scenario: Clock-aligned Meter Values - EventType Ended
    Given the station is charging on EVSE 1 with idToken "${idTag.valid}"
    When the station sends Authorize for idToken "${idTag.valid}"
    Then the CSMS responds with:
      | field              | value    |
      | idTokenInfo.status | Accepted |
    # the Ended event carries the clock-aligned values gathered during the transaction (AlignedDataCtrlr.TxEnded)
    When the station sends TransactionEvent for EVSE 1 with:
      | field                                   | value                         |
      | eventType                               | Ended                         |
      | triggerReason                           | StopAuthorized                |
      | idToken.idToken                         | ${idTag.valid}                 |
      | transactionInfo.stoppedReason           | Local                         |
      | meterValue[0].timestamp                 | <now-60s>                     |
      | meterValue[0].sampledValue[0].value     | 1500                          |
      | meterValue[0].sampledValue[0].context   | Sample.Clock                  |
      | meterValue[0].sampledValue[0].measurand | Energy.Active.Import.Register |
      | meterValue[1].timestamp                 | <now>                         |
      | meterValue[1].sampledValue[0].value     | 1900                          |
      | meterValue[1].sampledValue[0].context   | Sample.Clock                  |
      | meterValue[1].sampledValue[0].measurand | Energy.Active.Import.Register |
    Then the CSMS responds with:
      | field              | value    |
      | idTokenInfo.status | Accepted |

  @TC_J_04_CSMS @fault:no-id-token-info
  Scenario: Clock-aligned Meter Values - Signed
    Given the station is charging on EVSE 1 with idToken "${idTag.valid}"
    When the station sends TransactionEvent for EVSE 1 with:
      | field                                                          | value                  |
      | eventType                                                      | Updated                |
      | triggerReason                                                  | MeterValueClock        |
      | meterValue[0].timestamp                                        | <now>                  |
      | meterValue[0].sampledValue[0].value                            | 1700                   |
      | meterValue[0].sampledValue[0].context                          | Sample.Clock           |
      | meterValue[0].sampledValue[0].signedMeterValue.signedMeterData | RVZDLUNMT0NLLTE3MDA=   |
      | meterValue[0].sampledValue[0].signedMeterValue.signingMethod   | ECDSA-secp256r1-SHA256 |
      | meterValue[0].sampledValue[0].signedMeterValue.encodingMethod  | OCMF                   |
      | meterValue[0].sampledValue[0].signedMeterValue.publicKey       | RVZDLVBVQkxJQy1LRVk=   |
    Then the CSMS acknowledges the TransactionEvent

  @TC_J_07_CSMS @fault:no-id-token-info
  Scenario: Sampled Meter Values - EventType Started - EVSE known
    Given the station has an EV connected at EVSE 1
    When the station sends Authorize for idToken "${idTag.valid}"
    Then the CSMS responds with:
      | field              | value    |
      | idTokenInfo.status | Accepted |
    When the station sends TransactionEvent for EVSE 1 with:
      | field                                   | value                         |
      | eventType                               | Started                       |
      | triggerReason                           | Authorized                    |
      | idToken.idToken                         | ${idTag.valid}                 |
      | meterValue[0].timestamp                 | <now>                         |
      | meterValue[0].sampledValue[0].value     | 1000                          |
      | meterValue[0].sampledValue[0].context   | Transaction.Begin             |
      | meterValue[0].sampledValue[0].measurand | Energy.Active.Import.Register |
    Then the CSMS responds with:
      | field              | value    |
      | idTokenInfo.status | Accepted |

  @TC_J_08_CSMS @fault:no-id-token-info
  Scenario: Sampled Meter Values - Context Transaction.Begin - EVSE not known
    Given the station is booted
    When the station sends Authorize for idToken "${idTag.valid}"
    Then the CSMS responds with:
      | field              | value    |
      | idTokenInfo.status | Accepted |
    # authorized before any cable: the transaction has no EVSE yet
    When the station sends TransactionEvent for EVSE 1 with:
      | field           | value         |
      | eventType       | Started       |
      | triggerReason   | Authorized    |
      | idToken.idToken | ${idTag.valid} |
      | evse            | none          |
    Then the CSMS responds with:
      | field              | value    |
      | idTokenInfo.status | Accepted |
    # the cable goes into EVSE 1: the EVSE and the begin values follow
    When the station sends TransactionEvent for EVSE 1 with:
      | field                                   | value                         |
      | eventType                               | Updated                       |
      | triggerReason                           | CablePluggedIn                |
      | evse.id                                 | 1                             |
      | evse.connectorId                        | 1                             |
      | transactionInfo.chargingState           | EVConnected                   |
      | meterValue[0].timestamp                 | <now>                         |
      | meterValue[0].sampledValue[0].value     | 1000                          |
      | meterValue[0].sampledValue[0].context   | Transaction.Begin             |
      | meterValue[0].sampledValue[0].measurand | Energy.Active.Import.Register |
    Then the CSMS acknowledges the TransactionEvent

  @TC_J_09_CSMS @fault:no-id-token-info
  Scenario: Sampled Meter Values - EventType Updated
    Given the station is charging on EVSE 1 with idToken "${idTag.valid}"
    When the station sends TransactionEvent for EVSE 1 with:
      | field                                   | value                         |
      | eventType                               | Updated                       |
      | triggerReason                           | MeterValuePeriodic            |
      | meterValue[0].timestamp                 | <now>                         |
      | meterValue[0].sampledValue[0].value     | 1300                          |
      | meterValue[0].sampledValue[0].context   | Sample.Periodic               |
      | meterValue[0].sampledValue[0].measurand | Energy.Active.Import.Register |
    Then the CSMS acknowledges the TransactionEvent
    When the station sends TransactionEvent for EVSE 1 with:
      | field                                   | value                         |
      | eventType                               | Updated                       |
      | triggerReason                           | MeterValuePeriodic            |
      | meterValue[0].timestamp                 | <now>                         |
      | meterValue[0].sampledValue[0].value     | 1450                          |
      | meterValue[0].sampledValue[0].context   | Sample.Periodic               |
      | meterValue[0].sampledValue[0].measurand | Energy.Active.Import.Register |
    Then the CSMS acknowledges the TransactionEvent

  @TC_J_10_CSMS @fault:no-id-token-info
  Scenario: Sampled Meter Values - EventType Ended
    Given the station is charging on EVSE 1 with idToken "${idTag.valid}"
    When the station sends Authorize for idToken "${idTag.valid}"
    Then the CSMS responds with:
      | field              | value    |
      | idTokenInfo.status | Accepted |
    When the station sends TransactionEvent for EVSE 1 with:
      | field                                   | value                         |
      | eventType                               | Ended                         |
      | triggerReason                           | StopAuthorized                |
      | idToken.idToken                         | ${idTag.valid}                 |
      | transactionInfo.stoppedReason           | Local                         |
      | meterValue[0].timestamp                 | <now>                         |
      | meterValue[0].sampledValue[0].value     | 2100                          |
      | meterValue[0].sampledValue[0].context   | Transaction.End               |
      | meterValue[0].sampledValue[0].measurand | Energy.Active.Import.Register |
    Then the CSMS responds with:
      | field              | value    |
      | idTokenInfo.status | Accepted |

  @TC_J_11_CSMS @fault:no-id-token-info
  Scenario: Sampled Meter Values - Signed
    Given the station is charging on EVSE 1 with idToken "${idTag.valid}"
    When the station sends TransactionEvent for EVSE 1 with:
      | field                                                          | value                  |
      | eventType                                                      | Updated                |
      | triggerReason                                                  | MeterValuePeriodic     |
      | meterValue[0].timestamp                                        | <now>                  |
      | meterValue[0].sampledValue[0].value                            | 1350                   |
      | meterValue[0].sampledValue[0].context                          | Sample.Periodic        |
      | meterValue[0].sampledValue[0].signedMeterValue.signedMeterData | RVZDLVNBTVBMRS0xMzUw   |
      | meterValue[0].sampledValue[0].signedMeterValue.signingMethod   | ECDSA-secp256r1-SHA256 |
      | meterValue[0].sampledValue[0].signedMeterValue.encodingMethod  | OCMF                   |
      | meterValue[0].sampledValue[0].signedMeterValue.publicKey       | RVZDLVBVQkxJQy1LRVk=   |
    Then the CSMS acknowledges the TransactionEvent
