import { describe, expect, it } from 'vitest';
import { fileDiffs } from './diff.js';

const DIFF = [
  'diff --git a/a.txt b/a.txt',
  'new file mode 100644',
  'index 0000000..1111111',
  '--- /dev/null',
  '+++ b/a.txt',
  '@@ -0,0 +1 @@',
  '+<script>alert(1)</script>',
  'diff --git a/old.txt b/old.txt',
  'deleted file mode 100644',
  '--- a/old.txt',
  '+++ /dev/null',
  '@@ -1 +0,0 @@',
  '-gone',
  'diff --git a/img.png b/img.png',
  'Binary files differ',
  '',
].join('\n');

describe('fileDiffs', () => {
  it('splits a unified diff per file, new path first, old for deletions, the header for binaries', () => {
    const files = fileDiffs(DIFF);
    expect(files.map((f) => f.path)).toEqual(['a.txt', 'old.txt', 'img.png']);
    expect(files[0]!.text).toContain('+<script>alert(1)</script>');
    expect(files[0]!.text.startsWith('diff --git a/a.txt')).toBe(true);
    expect(files[2]!.text.endsWith('Binary files differ')).toBe(true);
  });

  it('has nothing for an empty diff', () => {
    expect(fileDiffs('')).toEqual([]);
    expect(fileDiffs('\n')).toEqual([]);
  });
});
