export type { BookingRequest, CoveragePoint, CoverageResult, GeoPoint, TravelRules, VisitProposal } from './travel.ts';
export { coverage, distanceKm, proposeVehicleVisits, TRAVEL_LOCAL_2026, TRAVEL_REGISTRY, travelMinutes } from './travel.ts';
