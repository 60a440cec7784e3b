/**
 * A function of a SCIM path, remembered per path: every account and mapping asks about the same
 * few paths, over and over. The answer must not be `undefined` (use null for "none").
 *
 * `limit` bounds what unusual paths can make a long-lived memo hold (it starts over once full);
 * a memo made for one comparison or one read holds no more paths than it is handed, and needs none.
 */
export function rememberedPerPath<T extends NonNullable<unknown> | null>(answer: (path: string) => T, limit = Number.POSITIVE_INFINITY): (path: string) => T {
  const answers = new Map<string, T>();
  return (path) => {
    let known = answers.get(path);
    if (known === undefined) {
      if (answers.size >= limit) answers.clear();
      answers.set(path, (known = answer(path)));
    }
    return known;
  };
}
