import { EvcError } from '../core/errors';

/** An action the rig has no way to perform (no driver, or the driver does not offer it): needs an operator. */
export class NotAutomatableError extends EvcError {}
