/**
 * Named misbehaviours of the lean load CSMS (catalogue `load-csms`, scenarios `@load`). Each changes what
 * crosses the wire as its description says, so the @load smoke scenarios can be shown to fail.
 */
export const LOAD_CSMS_FAULTS: Record<string, string> = {
  'slow-heartbeat': 'Answers every Heartbeat 1000 ms late (within the 2 s response timeout: slow, not silent)',
  'drops-connections': 'Closes every 10th socket right after answering its BootNotification',
  'rejects-boot': 'Answers every 20th BootNotification Rejected',
  'wrong-response-id': 'Every 10th CALLRESULT carries another message id than the CALL it answers',
  silent: 'Never answers anything (accepts the upgrade, then says nothing)',
};

export const LOAD_CSMS_CATALOGUE = 'load-csms';
