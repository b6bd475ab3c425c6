/**
 * The plugin's route policies. `admin::hasPermissions` needs every action it is given; a route that
 * serves several pages (the user search) needs any one of theirs.
 */
export interface PolicyContext {
  state: { userAbility?: { can(action: string, subject?: unknown): boolean } };
}

/** `{ name: 'plugin::notifs.has-any-permission', config: { actions } }`: the admin's role holds at least one of `actions`. */
const hasAnyPermission = (policyContext: PolicyContext, config: { actions: string[] }): boolean =>
  config.actions.some((action) => policyContext.state.userAbility?.can(action) === true);

export default { 'has-any-permission': hasAnyPermission };
