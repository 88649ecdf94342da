// Whitespace-separated name lists: long lists of names stay compact and readable in a template literal.

/** The words of a whitespace-separated list (names contain no spaces). */
export const words = (text: string): readonly string[] => text.trim().split(/\s+/);
