/** What a staff member's roles open in the app (the services enforce the same rules on their side). */
export const staffRoles = {
  isStaff: (roles: readonly string[]) => roles.some((role) => role === 'moderator' || role === 'support' || role === 'admin'),
  canModerate: (roles: readonly string[]) => roles.some((role) => role === 'moderator' || role === 'admin'),
  canSupport: (roles: readonly string[]) => roles.some((role) => role === 'support' || role === 'admin'),
  canRebuild: (roles: readonly string[]) => roles.includes('admin'),
};
