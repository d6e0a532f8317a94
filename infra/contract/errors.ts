import { DafaaError } from '../../shared/errors/dafaa-error.ts';

/** The base of every error the deployment contract (infra/contract) raises on purpose. */
export class ContractError extends DafaaError {
  override readonly name: string = 'ContractError';
}

/** The CDK app did not synthesize, so there are no templates to read. */
export class SynthesisError extends ContractError {
  override readonly name: string = 'SynthesisError';
}

/** A CloudFormation intrinsic is malformed, circular, or names something the templates lack. */
export class UnresolvableIntrinsicError extends ContractError {
  override readonly name: string = 'UnresolvableIntrinsicError';
}

/** A lookup (by logical id, construct path or ARN) found no resource of the kind asked for. */
export class UnknownResourceError extends ContractError {
  override readonly name: string = 'UnknownResourceError';
}

/** A lookup by construct id matched more than one resource: name it by logical id or full path. */
export class AmbiguousResourceError extends ContractError {
  override readonly name: string = 'AmbiguousResourceError';
}

/** The IAM simulator refused the request or a policy (an unknown action, a malformed statement). */
export class SimulationInputError extends ContractError {
  override readonly name: string = 'SimulationInputError';
}

/** A template mutation found nothing to remove: the check it was meant to prove would pass vacuously. */
export class NothingToRemoveError extends ContractError {
  override readonly name: string = 'NothingToRemoveError';
}
