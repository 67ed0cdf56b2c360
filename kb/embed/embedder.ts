// The one interface every embedder implements; `model` is recorded beside each vector so
// vectors made by another embedder are detectable (and re-embedded by `keel kb reindex`).
export interface Embedder {
  /** Identifies the embedder and its settings, e.g. "keel-offline-v1.<fingerprint>" or "openai:text-embedding-3-small". */
  readonly model: string;
  readonly dimensions: number;
  embedDocuments(texts: string[]): Promise<number[][]>;
  embedQuery(text: string): Promise<number[]>;
  /** Embedders that can weigh a query by how rare its terms are in the KB expose these two. */
  termsOf?(text: string): string[];
  embedQueryWeighted?(text: string, weightOf: (term: string) => number): Promise<number[]>;
}
