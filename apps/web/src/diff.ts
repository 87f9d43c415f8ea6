/** One file's part of a unified diff (`git diff` output): its path (the new one, else the old) and its text. */
export interface FileDiff {
  path: string;
  text: string;
}

/** Splits `git diff` output at each `diff --git` header, so each file can be shown (and folded) on its own. */
export function fileDiffs(diff: string): FileDiff[] {
  if (!diff.trim()) return [];
  return diff
    .split(/^(?=diff --git )/m)
    .filter((chunk) => chunk.trim())
    .map((text) => ({ path: pathOf(text), text: text.replace(/\n$/, '') }));
}

function pathOf(chunk: string): string {
  const plus = /^\+\+\+ b\/(.+)$/m.exec(chunk)?.[1];
  if (plus) return plus;
  const minus = /^--- a\/(.+)$/m.exec(chunk)?.[1];
  if (minus) return minus;
  // renames and binaries have no ---/+++ lines: the header's second path
  return /^diff --git a\/.+ b\/(.+)$/m.exec(chunk)?.[1] ?? chunk.split('\n', 1)[0]!;
}
