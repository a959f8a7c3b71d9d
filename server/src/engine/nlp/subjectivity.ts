/**
 * How much of a judgement an English adjective makes, from Pattern's subjectivity
 * lexicon (De Smedt & Daelemans; PDDL), the one TextBlob scores sentences with:
 * each adjective's subjectivity (0 objective .. 1 subjective) and polarity
 * (-1 .. 1), averaged over its senses. `scripts/build-subjectivity.py` writes
 * the table (Pattern's 1,287 adjectives and 1,906 more that share a WordNet sense with them); it is committed (72 kB).
 */
import table from "./generated/subjectivity.json";

const adjectives = new Map<string, readonly number[]>(Object.entries(table.adjectives as Record<string, number[]>));

/** A judgement takes a side: subjective in most of its senses and leaning good or bad ("disgraceful", "brilliant"; not "major", "Russian", "likely"). */
export const JUDGEMENT = { subjectivity: 0.7, polarity: 0.3 } as const;

/** The lexicon's mean subjectivity and polarity of a lower-case adjective, if it has the word. */
export function adjectiveSubjectivity(lower: string): { subjectivity: number; polarity: number } | undefined {
  const entry = adjectives.get(lower);
  return entry ? { subjectivity: entry[0], polarity: entry[1] } : undefined;
}

/** Whether a lower-case adjective passes a judgement by the lexicon's measure. */
export function isJudgementAdjective(lower: string): boolean {
  const s = adjectiveSubjectivity(lower);
  return s !== undefined && s.subjectivity >= JUDGEMENT.subjectivity && Math.abs(s.polarity) >= JUDGEMENT.polarity;
}
