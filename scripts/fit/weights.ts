/** How the claims of the fit are weighed. */
import type { Case } from "./dataset";

/**
 * How much each claim weighs where support is fitted and calibrated, under
 * `npm run fit -- --balanced` (an experiment, not the shipped model; see
 * docs/model.md for what it gains on FRANK and loses on writers' drafts): in a
 * human-labelled set, a claim of the rarer class (right or wrong) weighs as
 * much as the commoner class outnumbers it, so that each set's right and
 * wrong claims weigh alike, as balanced accuracy counts them. The sets'
 * shares of right claims are their summarisers' (92 % of FRANK's BBC
 * sentences are wrong, 9 % of its CNN/DM ones), not a writer's: the model is
 * to weigh the evidence, not to learn which kind of summary a sentence comes
 * from. Generated claims weigh 1.
 */
export function balancedWeights(cases: readonly Case[]): number[] {
  const count = new Map<string, number>();
  const key = (c: Case, right: boolean) => `${c.set}\u0000${right}`;
  for (const c of cases) if (c.origin !== "generated") count.set(key(c, c.label === "supported"), (count.get(key(c, c.label === "supported")) ?? 0) + 1);
  return cases.map((c) => {
    if (c.origin === "generated") return 1;
    const right = c.label === "supported";
    const own = count.get(key(c, right)) ?? 1;
    const other = count.get(key(c, !right)) ?? 0;
    return (own + other) / (2 * own);
  });
}
