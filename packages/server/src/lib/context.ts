import type { OrgType, Role } from '@redbridge/domain/types';

/** The signed-in user as the services see it. */
export interface SessionUser {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  orgId: number;
  orgName: string;
  orgType: OrgType;
  stationId: number;
}

/** Who is acting, for audit rows and unit events (who, when, why). */
export interface ActionContext {
  user: SessionUser;
  requestId: string;
  now: Date;
  /** This station's 5-character 献血码 facility code (config `RB_STATION_CODE`). */
  stationCode: string;
}
