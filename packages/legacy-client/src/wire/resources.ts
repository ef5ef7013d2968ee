import { IntegerSchema, NamedResourcesSchema } from '@agl/types';
import * as v from 'valibot';
import { LaxFloatSchema } from './float';

/**
 * Schema of the legacy `ResourcesUpdate` (v0.3.0): every key is required.
 * The resources themselves use `NamedResourcesSchema` from `@agl/types`.
 */
export const LegacyResourcesUpdateSchema = v.object({
  /** `res-` + UUIDv4 from the server; `local` from `DevTaskLoader`. */
  resources_id: v.string(),
  /** From the legacy server: the time of the request, not of publication. */
  create_time: LaxFloatSchema,
  /** From the legacy server: the time of the request, not of publication. */
  update_time: LaxFloatSchema,
  /** Always 1 from the legacy server. */
  version: IntegerSchema,
  /** Resources by name. */
  resources: NamedResourcesSchema,
});

/**
 * Schema that also reads v0.2.x snapshots, which lack `create_time`,
 * `update_time` and `version` (they default to 0, 0 and 1). Used by the
 * client only with `compatV02: true`.
 */
export const LegacyResourcesUpdateV02Schema = v.object({
  ...LegacyResourcesUpdateSchema.entries,
  create_time: v.optional(LaxFloatSchema, 0),
  update_time: v.optional(LaxFloatSchema, 0),
  version: v.optional(IntegerSchema, 1),
});

/** A resources snapshot as the legacy protocol sends it. */
export type LegacyResourcesUpdate = v.InferOutput<typeof LegacyResourcesUpdateSchema>;
