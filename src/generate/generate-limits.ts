// The bounds of `enduse generate` its help names, apart from the generator so the help loads none of it.

/** Fewest entities that still hold every kind and an end user in every country. */
export const MIN_GENERATED_ENTITIES = 1000;
