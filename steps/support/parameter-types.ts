/** Cucumber parameter types shared by the step files. */
import { defineParameterType } from '@cucumber/cucumber';
import { V2gHarness } from '../../src/v2g/harness';

/** An OCPP action name: BootNotification, StatusNotification, … */
defineParameterType({ name: 'action', regexp: /[A-Z][A-Za-z0-9]+/, transformer: (s: string) => s });

/** A duration: "2 seconds", "500 ms", "1.5 s". Returns milliseconds. */
defineParameterType({
  name: 'duration',
  regexp: /\d+(?:\.\d+)? ?(?:ms|milliseconds?|s|seconds?|min|minutes?)/,
  transformer: (s: string) => {
    const mm = /^(\d+(?:\.\d+)?) ?(ms|milliseconds?|s|seconds?|min|minutes?)$/.exec(s)!;
    const n = Number(mm[1]);
    return mm[2].startsWith('m') && !mm[2].startsWith('mi') ? n : mm[2].startsWith('mi') ? n * 60_000 : n * 1000;
  },
});

/** What server certificate the harness CSMS presents, for a station's TLS checks. */
defineParameterType({
  name: 'csmsCertificate',
  regexp: /an expired server certificate|a server certificate for another host name|a server certificate from an untrusted root|only TLS 1\.1/,
  transformer: (s: string) =>
    s.includes('expired') ? 'expired' : s.includes('host name') ? 'wrong-name' : s.includes('untrusted') ? 'untrusted' : 'tls-1.1',
});

/** A connection a CSMS under test must refuse. */
defineParameterType({
  name: 'refusedAttempt',
  regexp: /an unknown identity|a wrong password|no password|an untrusted client certificate|an expired client certificate|no client certificate|TLS 1\.1/,
  transformer: (s: string) =>
    ({
      'an unknown identity': 'unknown-identity',
      'a wrong password': 'wrong-password',
      'no password': 'no-password',
      'an untrusted client certificate': 'untrusted-client-cert',
      'an expired client certificate': 'expired-client-cert',
      'no client certificate': 'no-client-cert',
      'TLS 1.1': 'tls-1.1',
    })[s],
});

/** A V2G timer name of src/v2g/timers.ts (evccMessage, seccSequence, cpStateCAfterPowerDelivery, …); an unknown name fails naming the known ones. */
defineParameterType({ name: 'timer', regexp: /[A-Za-z][A-Za-z0-9]*/, transformer: (s: string) => V2gHarness.timer(s) });
