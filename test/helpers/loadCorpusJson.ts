/**
 * Loads the corpus folders named on the command line and prints the article ids
 * and problems as JSON. The loader tests run it as another user, so that a file
 * can be unreadable even when the tests run as root.
 */
import { loadCorpus } from "../../server/src/node/corpusLoader";

void loadCorpus(process.argv.slice(2)).then(({ articles, problems }) => {
  process.stdout.write(JSON.stringify({ articles: articles.map((a) => a.id), problems }));
});
