/** Shared request/response schema pieces. */
import { z } from 'zod';

export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
});
export type PageQuery = z.infer<typeof pageQuery>;

export const aboSchema = z.enum(['O', 'A', 'B', 'AB']);
export const rhdSchema = z.enum(['POS', 'NEG']);
export const componentClassSchema = z.enum(['whole_blood', 'red_cells', 'platelets', 'plasma', 'cryo']);
export const unitStatusSchema = z.enum(['quarantined', 'available', 'reserved', 'issued', 'transfused', 'processed', 'discarded', 'expired', 'recalled']);

export const idParam = z.object({ id: z.coerce.number().int().positive() });

export function paged<T extends z.ZodTypeAny>(item: T) {
  return z.object({
    items: z.array(item), total: z.number(), page: z.number(), pageSize: z.number(),
    /** True when `total` is a lower bound: the list counted no further than that (large lists, see `cappedCount`). */
    totalIsLowerBound: z.boolean().optional(),
  });
}

export const offsetOf = (q: PageQuery) => (q.page - 1) * q.pageSize;
