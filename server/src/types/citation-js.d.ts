/** The part of Citation.js that `node/bibliography.ts` uses (the packages ship no types). */
declare module "@citation-js/core" {
  export const plugins: {
    input: {
      /** Converts `data` step by step until it has the shape `target` names. */
      chain(data: unknown, options: { target: string; forceType?: string; generateGraph?: boolean }): unknown;
    };
  };
}

declare module "@citation-js/plugin-bibtex";
