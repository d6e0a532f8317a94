/**
 * The synthesized app as local runs and the rehearsal read it: templates, and which functions/ entry
 * each Lambda runs. Types only, so that the CLI can name them without typechecking the CDK app
 * (infra/tsconfig.json checks that, under its own options).
 */

/** A CloudFormation template, as synthesized. */
export interface Template {
  readonly Resources: Record<string, TemplateResource>;
  readonly Outputs?: Record<string, { readonly Value: unknown; readonly Export?: unknown }>;
}

export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
}

export interface SynthesizedApp {
  /** The stacks' templates by stack name (`Dafaa-dev-Stateful`, `Dafaa-dev-Stateless`). */
  readonly templates: Readonly<Record<string, Template>>;
  readonly statefulStackName: string;
  readonly statelessStackName: string;
  /** The functions/ entry (`plan-cycle`, ...) of each Lambda, by its logical id in the stateless stack. */
  readonly functionEntries: Readonly<Record<string, string>>;
  /** The cycle state machine's logical id in the stateless stack. */
  readonly stateMachineLogicalId: string;
  /** Each table's logical id in the stateful stack, by its name in the code (`households`, ...). */
  readonly tableLogicalIds: Readonly<Record<string, string>>;
}
