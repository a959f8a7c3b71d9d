/** Large inputs generated on the fly for the hostile-input tests and `npm run stress` (never committed). */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** An article of about `mb` megabytes: the sample corpus's paragraphs, over and over, with the figures shifted each time. */
export function bigArticle(mb: number): string {
  const paragraphs = readdirSync("corpus").sort()
    .flatMap((f) => readFileSync(join("corpus", f), "utf8").split(/\n\s*\n/))
    .filter((p) => p.length > 80);
  const parts = ["Big Article Title\n\n"];
  let length = 0;
  for (let i = 0; length < mb * 1048576; i++) {
    const p = paragraphs[i % paragraphs.length].replace(/\d+/g, (d) => String(Number(d) + i)) + "\n\n";
    parts.push(p);
    length += p.length;
  }
  return parts.join("");
}
