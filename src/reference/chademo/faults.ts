/**
 * Named faults of the reference CHAdeMO SUTs: each turns one compliant behaviour into the named violation, so a
 * scenario aimed at that behaviour must fail under it. Names are fixed by the CHAdeMO plan (the scenario
 * catalogues aim at them); the generic ones (silence, flooding, malformed frames) only ride along an aimed one.
 */

/** Reference charger (catalogue `chademo-charger`, scenarios where the harness plays the EV). */
export const CHARGER_FAULTS: Record<string, string> = {
  'first-0x108-zeros': 'its first three 0x108 frames carry all-zero bytes before the real values',
  'charging-and-stop-control': '0x109 has 109.5.0 (charging) and 109.5.5 (stop control) set together while charging',
  'ignores-ev-stop': 'keeps delivering its present current when the EV clears 102.5.0 (no ramp down)',
  'no-timeouts': 'never gives up waiting for the EV (k + 102.5.0, 102.5.3 cleared, current request): d1 stays on',
  'current-above-request': "delivers the EV's current request + 15 A",
  'late-ramp-down': 'on any stop holds its current and reaches ≤ 5 A only after 3 × rampDownMs',
  'd2-before-insulation-test': 'sets d2 without running the insulation test (no test voltage on the inlet)',
  'no-insulation-residual-check': 'sets d2 with the insulation-test voltage still on the inlet (> 20 V)',
  'ignores-k-off': 'keeps charging (holds its current) when k opens',
  'wrong-protocol-number': '0x109 b0 carries a protocol number other than the negotiated one',
  'missing-0x109-cycles': 'skips 0x109 for 4 cycles out of every 10 while charging',
  'cycle-jitter': 'sends 0x108/0x109 with ±45 % period jitter (periods alternate 1.45 and 0.55 × the cycle)',
  'no-lock': 'never locks the connector (lock line, 109.5.2) before the insulation test',
  'unlock-above-10v': 'unlocks as soon as its current is ≤ 5 A after a stop, with the inlet still above 10 V',
  'ignores-ev-fault': 'keeps charging (holds its current) when a 102.4 fault bit is set',
  'ignores-shift-lever': 'keeps charging (holds its current) when 102.5.1 (shift lever not in park) is set',
  'ignores-ev-silence': "keeps charging (holds its current) when the EV's 0x102 stops for longer than silenceMs",
  'ignores-system-fault': 'keeps charging (holds its current) when 102.5.2 (charging-system fault) is set',
  'd2-off-before-welding': 'drops d2 as soon as its current is ≤ 5 A after a stop, without waiting for 102.5.3',
  'present-voltage-wrong': '0x109 present voltage is the inlet voltage + 30 V while charging',
  'ignores-battery-incompatible': "charges although the EV's max battery voltage is above its available voltage (no 109.5.3)",
  'malfunction-keeps-current': 'on an emergency stop sets 109.5.1 but keeps delivering current',
  'ignores-dynamic-request': 'with dynamic control agreed, never lowers its current while charging (lowered limit or request)',
  'dynamic-without-ev-support': "changes 0x108 available current while charging although the EV did not set 0x110 .0",
  'discharge-above-ev-limit': "2.0 discharge: 0x208 present discharge current 10 A above the EV's 0x200 maximum",
  'floods-bus': 'sends 0x109 every 1 ms besides its cycle (generic: only besides an aimed fault)',
  'wrong-dlc-109': 'sends every 0x109 with DLC 5 (malformed frame)',
  'unknown-chademo-id': 'sends a frame with id 0x10A (unknown in the CHAdeMO range) every cycle',
  'charger-silent': 'sends no CAN frame at all once d1 is on (generic)',
};

/** Reference EV (catalogue `chademo-ev`, scenarios where the harness plays the charger). */
export const EV_FAULTS: Record<string, string> = {
  'k-before-d1': 'closes k (and sets 102.5.0) at plug-in, before the charger sets d1',
  'no-k': 'never closes k after d1 (still sets 102.5.0)',
  'late-k': 'closes k and sets 102.5.0 only 1.5 × kAfterD1Ms after d1',
  'no-charging-enabled': 'closes k but never sets 102.5.0',
  'contactor-never-closes': 'never closes its contactors nor clears 102.5.3 after d2 (1.0+)',
  'request-before-contactors': 'requests current > 0 from its first 0x102, while 102.5.3 is still set',
  'ev-request-above-available': "requests 10 A more than the charger's 0x108 available current",
  'target-above-battery-max': '0x102 target voltage 20 V above its own 0x100 max battery voltage',
  'ev-ignores-charger-malfunction': 'keeps requesting current when 109.5.1 (charger malfunction) is set',
  'ev-ignores-stop-control': 'keeps requesting current and keeps k closed after the charger stops (109.5.0 cleared, 109.5.5 set)',
  'no-welding-detection': 'never sets 102.5.3 after a stop',
  'late-welding-detection': 'sets 102.5.3 only 1.5 × weldingDetectionMs after the current fell to ≤ 5 A',
  'opens-contactors-under-load': 'opens its contactors and sets 102.5.3 at once on a stop, while the current is above 5 A',
  'ev-wrong-protocol-number': "0x102 b0 other than its version's protocol number",
  'missing-0x102-cycles': 'skips 0x102 for 4 cycles out of every 10 while charging',
  'ev-cycle-jitter': 'sends 0x100–0x102 with ±45 % period jitter (periods alternate 1.45 and 0.55 × the cycle)',
  'ev-zero-parameters': '0x100 max battery voltage 0',
  'soc-above-100': '0x102 SOC byte 120',
  'ev-ignores-dynamic-limit': 'with dynamic control agreed, keeps requesting the first available current after the charger lowers it',
  'discharge-without-charger-support': "2.0: sends 0x200 (a discharge request) although the charger's 0x109 b4 says not compatible",
  'k-stays-closed': 'does not open k at the end of the sequence',
  'ev-floods-bus': 'sends 0x102 every 1 ms besides its cycle (generic: only besides an aimed fault)',
  'ev-wrong-dlc-102': 'sends every 0x102 with DLC 5 (malformed frame)',
  'ev-unknown-chademo-id': 'sends a frame with id 0x103 (unknown in the CHAdeMO range) every cycle',
  'ev-silent': 'sends no CAN frame at all (generic)',
};
