/** An entity another subgraph owns, as this one knows it: its key (and, when it makes one, its type's name). */
export interface Reference {
  __typename?: string;
  id: string;
}
