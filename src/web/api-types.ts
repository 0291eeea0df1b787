// Types of the API's answers, inferred from the server's zod schemas (types only: no zod in the bundle).
import type { z } from 'zod';
import type { casesAnswer } from '../api/routes/cases.ts';
import type { entityAnswer, searchAnswer } from '../api/routes/entities.ts';
import type { routesAnswer } from '../api/routes/flagged-routes.ts';
import type { errorOut } from '../api/schemas.ts';
import type { exposureAnswer } from '../api/routes/exposure.ts';
import type { chokepointsAnswer } from '../api/routes/chokepoints.ts';
import type { screeningAnswer } from '../api/routes/screenings.ts';
import type { ownershipStatusOut } from '../api/routes/ownership.ts';
import type { regionsAnswer } from '../api/routes/regions.ts';
import type { connectionAnswer } from '../api/routes/connections.ts';

export type CasesAnswer = z.output<typeof casesAnswer>;
export type ShippedCaseInfo = CasesAnswer['cases'][number];
export type SearchAnswer = z.output<typeof searchAnswer>;
export type EntityAnswer = z.output<typeof entityAnswer>;
export type RoutesAnswer = z.output<typeof routesAnswer>;
export type RouteInfo = RoutesAnswer['routes'][number];
export type EntityInfo = RoutesAnswer['entities'][string];
export type RelationshipInfo = EntityAnswer['neighbourhood']['relationships'][number];
export type ErrorBody = z.output<typeof errorOut>;
export type ExposureAnswer = z.output<typeof exposureAnswer>;
export type ChokepointsAnswer = z.output<typeof chokepointsAnswer>;
export type ScreeningAnswer = z.output<typeof screeningAnswer>;
export type OwnershipAnswer = z.output<typeof ownershipStatusOut>;
export type RegionsAnswer = z.output<typeof regionsAnswer>;
export type RegionInfo = RegionsAnswer['regions'][number];
export type ConnectionAnswer = z.output<typeof connectionAnswer>;
