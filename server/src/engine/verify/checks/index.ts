/**
 * The registry of disagreement checks, in priority order: a changed figure,
 * date or name is the most specific reason a writer can act on.
 */
import { dateMismatch } from "./dates";
import { nameMismatch } from "./names";
import { negation } from "./negation";
import { numberMismatch } from "./numbers";
import { opposite } from "./opposites";
import { quoteMismatch } from "./quotes";
import type { ConflictCheck } from "./types";

export const CONFLICT_CHECKS: readonly ConflictCheck[] = [quoteMismatch, numberMismatch, dateMismatch, nameMismatch, opposite, negation];

export type { Conflict, ConflictCheck } from "./types";
