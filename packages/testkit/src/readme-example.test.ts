import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { readmeExample } from './readme-example.js';
import { tempDir } from '@aegis/scripted-model';

it('picks the nth ```ts block of a markdown file, and says how many there are when asked for too many', async () => {
  const file = join(await tempDir('aegis-readme-'), 'README.md');
  await writeFile(file, '# x\n```sh\nls\n```\n```ts\nconst a = 1;\n```\ntext\n```ts\nconst b = 2;\n```\n');
  expect(readmeExample(file)).toBe('const a = 1;\n');
  expect(readmeExample(file, 1)).toBe('const b = 2;\n');
  expect(() => readmeExample(file, 2)).toThrow('has 2 ts blocks, not 3');
});
