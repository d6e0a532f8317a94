/**
 * Who may do what through the ops API: one table of role × action, checked in one place (the API's
 * `allow` middleware) after the caller is authenticated. A role is a Cognito group; a user in several
 * groups may do what any of them may. Maker and checker are different groups: operators ask, approvers
 * decide, and `decideApproval` still refuses the person who asked (a user in both groups).
 */

export const ROLES = ['viewer', 'operator', 'approver', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export const ACTIONS = [
  /** The month's status and report, the calendar, the approvals waiting. */
  'read',
  /** A dry run of a month: what it would pay, and the diff against last month (costly). */
  'cycle.plan',
  /** Run, rerun, hold, release and export a month; ask for a calendar override. */
  'cycle.operate',
  /** Approve or reject a request: runs, reruns, calendar overrides. */
  'approval.decide',
  /** The objection queue and an objection's history. */
  'objection.read',
  /** Submit, review, accept (with arrears) and reject an objection. */
  'objection.decide',
  /** A household's payments, objections, messages and suppressed addresses. */
  'household.read',
  /** Lift a suppressed address once the household gave a new one. */
  'suppression.lift',
  /** The audit log, its verification against an anchor. */
  'audit.read',
] as const;
export type Action = (typeof ACTIONS)[number];

/** Whether a role sees personal data (national ids, mobile, email, IBAN) in full or masked. */
export type PersonalDataView = 'full' | 'masked';

interface RoleGrant {
  readonly actions: readonly Action[];
  readonly personalData: PersonalDataView;
}

/**
 * The table. Only operators see personal data in full: they answer the household on the phone.
 * The audit log holds staff ids and addresses, so it is the auditor's alone.
 */
export const ROLE_TABLE: Readonly<Record<Role, RoleGrant>> = {
  viewer: { actions: ['read', 'objection.read', 'household.read'], personalData: 'masked' },
  operator: {
    actions: [
      'read',
      'cycle.plan',
      'cycle.operate',
      'objection.read',
      'objection.decide',
      'household.read',
      'suppression.lift',
    ],
    personalData: 'full',
  },
  approver: {
    actions: ['read', 'cycle.plan', 'approval.decide', 'objection.read', 'household.read'],
    personalData: 'masked',
  },
  auditor: {
    actions: ['read', 'objection.read', 'household.read', 'audit.read'],
    personalData: 'masked',
  },
};

/** The roles among a token's groups (other groups mean nothing here). */
export function rolesOf(groups: readonly string[]): Role[] {
  return ROLES.filter((role) => groups.includes(role));
}

/** Every action any of these roles may take. */
export function actionsOf(roles: readonly Role[]): Action[] {
  return ACTIONS.filter((action) =>
    roles.some((role) => ROLE_TABLE[role].actions.includes(action)),
  );
}

export function mayDo(roles: readonly Role[], action: Action): boolean {
  return roles.some((role) => ROLE_TABLE[role].actions.includes(action));
}

/** Full when any of the roles sees personal data in full. */
export function personalDataViewOf(roles: readonly Role[]): PersonalDataView {
  return roles.some((role) => ROLE_TABLE[role].personalData === 'full') ? 'full' : 'masked';
}
