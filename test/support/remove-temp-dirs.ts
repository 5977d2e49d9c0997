// A vitest setup file: runs in every test file, after the file's own afterAll hooks (which stop the stacks using
// the folders).
import { afterAll } from 'vitest';
import { removeTempDirs } from './temp.ts';

afterAll(removeTempDirs);
