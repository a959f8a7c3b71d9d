// Declarations for dependencies that ship no types of their own.
declare module "wink-porter2-stemmer" {
  /** Porter2 (Snowball English) stem of a lower-case word. */
  export default function stem(word: string): string;
}
declare module "stopword" {
  /** The package's English stop-word list. */
  export const eng: string[];
}
