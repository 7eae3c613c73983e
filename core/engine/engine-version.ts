/** Bumped whenever the same scenario and seed would produce different output. */
export const engineVersion = '3.0.0';
