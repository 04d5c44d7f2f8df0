/**
 * The erasure asked on this device, remembered while the app stays open. Each service refuses the person's token as
 * soon as it has forgotten them, which ends the sign-in (usually within seconds, before the status on the account
 * screen says "completed"): the welcome screen then still tells them why they are signed out.
 */
let requestedAt: string | null = null;

export const erasureNotice = {
  remember(at: string) {
    requestedAt = at;
  },
  requestedAt(): string | null {
    return requestedAt;
  },
};
