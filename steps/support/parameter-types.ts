/** Cucumber parameter types shared by the step files. */
import { defineParameterType } from '@cucumber/cucumber';

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
