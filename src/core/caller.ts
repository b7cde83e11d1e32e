/**
 * Who is driving the agent for one request. Every request carries one, whatever
 * surface it came from, and the policy picks the tool profile from it (DESIGN.md, gateway).
 */
export type CallerProfile = 'owner' | 'paired' | 'group' | 'readonly';

/** Which surface a request or an approval came through. */
export type Surface = 'editor' | 'chat' | 'cli' | 'gateway';

/** The identity attached to every request that reaches the core. */
export interface Caller {
  readonly profile: CallerProfile;
  readonly surface: Surface;
  /** A stable id of the person (`owner` for the person at the window), for audit and rate limits. */
  readonly id: string;
}

/** The person at the VS Code window or the terminal. */
export function ownerCaller(surface: Surface): Caller {
  return { profile: 'owner', surface, id: 'owner' };
}
