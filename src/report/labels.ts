/** Report labels derived from scenario tags: epic = protocol, feature = profile/block, story = test-case ID. */

export const PROTOCOL_NAMES: Record<string, string> = {
  '@ocpp16': 'OCPP 1.6J',
  '@ocpp201': 'OCPP 2.0.1',
  '@ocpp21': 'OCPP 2.1',
  '@iec61851': 'IEC 61851-1',
  '@din70121': 'DIN 70121',
  '@iso15118-2': 'ISO 15118-2',
  '@iso15118-20': 'ISO 15118-20',
  '@chademo': 'CHAdeMO',
  '@uds': 'UDS (ISO 14229)',
  '@doip': 'DoIP (ISO 13400-2)',
  '@obd': 'OBD-II (SAE J1979)',
};

export const PROFILE_NAMES: Record<string, string> = {
  '@core': 'Core',
  '@local-auth-list': 'Local Auth List Management',
  '@firmware-management': 'Firmware Management',
  '@reservation': 'Reservation',
  '@remote-trigger': 'Remote Trigger',
  '@smart-charging': 'Smart Charging',
  '@security': 'Security',
  '@advanced-security': 'Advanced Security',
  '@smoke': 'Smoke',
};

export interface ScenarioLabels {
  epic?: string;
  feature?: string;
  story?: string;
  sutRole?: string;
  protocolTag?: string;
}

export function labelsFromTags(tags: readonly string[], fallbackFeature?: string): ScenarioLabels {
  const protocolTag = tags.find((t) => t in PROTOCOL_NAMES);
  const block = tags.find((t) => /^@block:/.test(t));
  const profile = tags.find((t) => t in PROFILE_NAMES && t !== '@smoke') ?? tags.find((t) => t in PROFILE_NAMES);
  const story = tags.find((t) => /^@TC_/.test(t));
  const sut = tags.find((t) => t.startsWith('@sut:'));
  return {
    protocolTag,
    epic: protocolTag ? PROTOCOL_NAMES[protocolTag] : undefined,
    feature: block ? `Block ${block.slice(7)}` : profile ? PROFILE_NAMES[profile] : fallbackFeature,
    story: story ? story.slice(1) : undefined,
    sutRole: sut ? sut.slice(5) : undefined,
  };
}
